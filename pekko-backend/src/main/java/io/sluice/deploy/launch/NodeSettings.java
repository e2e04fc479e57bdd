package io.sluice.deploy.launch;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.dataflow.ir.LocationKind;
import io.sluice.plan.MemberKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code sluice.node} section: this JVM is one member of a flow started by hand (or by a
 * launcher), not the launcher itself. Every check says which key is wrong and what it expects.
 *
 * @param location      the location's display name (tag class canonical name) or its id
 * @param member        the member id within the location; {@link #SPARE} for a spare node
 * @param spare         whether this node is a spare of its location ({@code spare = on} instead of
 *                      a {@code member}): it hosts no member at first, and takes over a lost one
 * @param seedNodes     addresses of nodes to join, e.g. {@code pekko://sluice@10.0.0.1:25520}; empty
 *                      for a launched node, which reads its launcher's address from standard input
 * @param hostname      the address peers reach this node at (Pekko's canonical address)
 * @param port          the port peers reach it at (0: a free one)
 * @param bindHostname  the local address it listens on, when that differs from {@code hostname}
 *                      (e.g. {@code 0.0.0.0} for every interface, or the host's own address behind NAT)
 * @param bindPort      the local port it listens on, when that differs from {@code port}
 * @param coordinator   whether this node may run the flow's coordinator (the oldest such node does)
 * @param prefixOutput  whether printed lines get their location prefix here (off in a launcher's child,
 *                      whose launcher adds it)
 * @param clusterSizes  members per cluster, by display name, overriding the program's host lists
 * @param launched      whether a launcher ({@code deployment.localhost()}) started this node: it then
 *                      reads the seed address from the first line of standard input, stops when
 *                      standard input closes (the launcher is gone), and leaves the coordinator,
 *                      the prefixes and the start to the launcher
 * @param startsFlow    whether this node asks the coordinator to start the sources
 * @param launchedDriver whether this launched node is its launcher's driver: it forms the cluster
 *                      (joins itself), hosts the coordinator, reports the flow's progress to the
 *                      launcher on standard output, and starts the flow when the launcher says so
 */
public record NodeSettings(String location, int member, List<String> seedNodes, String hostname, int port,
                    Optional<String> bindHostname, Optional<Integer> bindPort, boolean coordinator, boolean prefixOutput, Map<String, Integer> clusterSizes,
                    boolean launched, boolean startsFlow, boolean launchedDriver, boolean spare) {

    static final String PATH = "sluice.node";
    /** The member id of a spare node, which hosts none at first. */
    static final int SPARE = -1;

    /** Whether the configuration makes this JVM a configured node. */
    public static boolean present(Config config) {
        return config.hasPath(PATH);
    }

    /** Reads and checks {@code sluice.node}. */
    public static NodeSettings from(Config config) {
        Config node = config.getConfig(PATH);
        String location = require(node, "location", () -> node.getString("location"),
                "the name of this node's location (its tag class's canonical name) or its id");
        boolean spare = flag(node, "spare", false);
        if (spare && node.hasPath("member")) {
            throw new IllegalArgumentException(PATH + ".spare = on and " + PATH + ".member are both set: a spare node "
                    + "hosts no member until one is lost; remove one of them");
        }
        int member = spare ? SPARE : require(node, "member", () -> node.getInt("member"),
                "this node's member id, from 0 (or spare = on for a spare node of the location)");
        if (member < 0 && !spare) {
            throw new IllegalArgumentException(PATH + ".member = " + member + ": member ids start at 0");
        }
        boolean launched = node.hasPath("launched") && node.getBoolean("launched");
        List<String> seeds = launched ? List.of() : require(node, "seed-nodes", () -> node.getStringList("seed-nodes"),
                "a list of addresses to join, e.g. [\"pekko://sluice@127.0.0.1:25520\"]");
        if (seeds.isEmpty() && !launched) {
            throw new IllegalArgumentException(PATH + ".seed-nodes is empty: list at least one node's address, e.g. "
                    + "[\"pekko://sluice@127.0.0.1:25520\"] (the first node lists its own address)");
        }
        for (String seed : seeds) {
            if (!seed.matches("pekko://sluice@[^:/]+:\\d+")) {
                throw new IllegalArgumentException(PATH + ".seed-nodes: \"" + seed + "\" is not an address of the form "
                        + "pekko://sluice@<host>:<port>");
            }
        }
        Map<String, Integer> sizes = node.hasPath("cluster-sizes") ? clusterSizes(node) : Map.of();
        boolean driver = launched && flag(node, "launched-driver", false);
        String hostname = node.hasPath("hostname") ? node.getString("hostname") : "127.0.0.1";
        if (hostname.equals("0.0.0.0") || hostname.equals("::") || hostname.equals("[::]")) {
            throw new IllegalArgumentException(PATH + ".hostname = \"" + hostname + "\" is the address peers reach this "
                    + "node at, so it cannot be a wildcard: set it to this machine's address, and listen on every "
                    + "interface with " + PATH + ".bind-hostname = \"" + hostname + "\"");
        }
        return new NodeSettings(location, member, List.copyOf(seeds), hostname,
                node.hasPath("port") ? node.getInt("port") : 0,
                node.hasPath("bind-hostname") ? Optional.of(node.getString("bind-hostname")) : Optional.empty(),
                node.hasPath("bind-port") ? Optional.of(node.getInt("bind-port")) : Optional.empty(),
                flag(node, "coordinator", !launched || driver), flag(node, "prefix-output", !launched),
                sizes, launched, flag(node, "starts-flow", !launched && !spare), driver, spare);
    }

    /**
     * Reads {@code cluster-sizes} key by key from the object itself, never through a path: a
     * location's name holds dots, and a key that arrives unquoted (as a system property's must)
     * is split at them into nested objects.
     */
    private static Map<String, Integer> clusterSizes(Config node) {
        String expected = "members per cluster, keyed by the cluster's name (quoted) or its id, e.g. "
                + "cluster-sizes { \"com.example.Job.Worker\" = 4 } in a file, or -D" + PATH + ".cluster-sizes.1=4";
        ConfigValue section = node.root().get("cluster-sizes");
        if (!(section instanceof ConfigObject sizes)) {
            throw new IllegalArgumentException(PATH + ".cluster-sizes has the wrong type: expected " + expected);
        }
        Map<String, Integer> read = new HashMap<>();
        for (Map.Entry<String, ConfigValue> e : sizes.entrySet()) {
            String hint = e.getValue() instanceof ConfigObject
                    ? " (a name with dots must be quoted; a system property cannot quote it, so use the id there)"
                    : "";
            try {
                read.put(e.getKey(), sizes.toConfig().getInt(ConfigUtil.joinPath(e.getKey())));
            } catch (ConfigException.WrongType wrong) {
                throw new IllegalArgumentException(PATH + ".cluster-sizes." + e.getKey() + " = "
                        + e.getValue().render() + " is not a whole number" + hint + ": expected " + expected, wrong);
            }
        }
        return Map.copyOf(read);
    }

    /** {@code config} with Artery's bind address set from {@code bind-hostname} and {@code bind-port}, if given. */
    Config withBindAddress(Config config) {
        Config bound = config;
        if (bindHostname.isPresent()) {
            bound = bound.withValue("pekko.remote.artery.bind.hostname", ConfigValueFactory.fromAnyRef(bindHostname.get()));
        }
        if (bindPort.isPresent()) {
            bound = bound.withValue("pekko.remote.artery.bind.port", ConfigValueFactory.fromAnyRef(bindPort.get()));
        }
        return bound;
    }

    private static boolean flag(Config node, String key, boolean otherwise) {
        return node.hasPath(key) ? node.getBoolean(key) : otherwise;
    }

    /**
     * The member this node hosts in {@code graph}, and the sizes of all locations: the program's,
     * with {@code cluster-sizes} applied.
     */
    Assignment resolve(FlowGraph graph, List<Integer> programSizes) {
        List<Integer> sizes = new ArrayList<>(programSizes);
        for (Map.Entry<String, Integer> e : clusterSizes.entrySet()) {
            LocationInfo l = find(graph, e.getKey(), "cluster-sizes");
            if (l.kind() != LocationKind.CLUSTER) {
                throw new IllegalArgumentException(PATH + ".cluster-sizes: " + l.label()
                        + " is a process, which always has one member");
            }
            if (e.getValue() < 1) {
                throw new IllegalArgumentException(PATH + ".cluster-sizes: " + l.label() + " = " + e.getValue()
                        + ": a cluster has at least one member");
            }
            sizes.set(l.id(), e.getValue());
        }
        LocationInfo mine = find(graph, location, "location");
        int size = sizes.get(mine.id());
        if (spare) {
            return new Assignment(new MemberKey(mine.id(), SPARE), List.copyOf(sizes));
        }
        if (member >= size) {
            throw new IllegalArgumentException(PATH + ".member = " + member + " is out of range: " + mine.label()
                    + " has " + size + " member(s), ids 0.." + (size - 1)
                    + (mine.kind() == LocationKind.CLUSTER ? " (set its size with " + PATH + ".cluster-sizes)" : ""));
        }
        return new Assignment(new MemberKey(mine.id(), member), List.copyOf(sizes));
    }

    /** This node's member (member id {@link #SPARE} on a spare node) and every location's size. */
    record Assignment(MemberKey member, List<Integer> sizes) {
    }

    private static LocationInfo find(FlowGraph graph, String name, String key) {
        for (LocationInfo l : graph.locations()) {
            if (l.name().equals(name) || String.valueOf(l.id()).equals(name)) {
                return l;
            }
        }
        String known = graph.locations().stream().map(LocationInfo::label).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(PATH + "." + key + ": no location \"" + name + "\" in this flow; "
                + "known locations: " + known + " (use the name or the id)");
    }

    private static <T> T require(Config node, String key, java.util.function.Supplier<T> read, String expected) {
        if (!node.hasPath(key)) {
            throw new IllegalArgumentException(PATH + "." + key + " is missing: expected " + expected);
        }
        try {
            return read.get();
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(PATH + "." + key + " has the wrong type: expected " + expected
                    + " (" + e.getMessage() + ")", e);
        }
    }
}
