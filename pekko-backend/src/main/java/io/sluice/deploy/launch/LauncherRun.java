package io.sluice.deploy.launch;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.plan.MemberKey;
import io.sluice.runtime.actor.FlowEvent;
import io.sluice.runtime.actor.FlowRuntime;
import io.sluice.runtime.node.FlowWatch;
import io.sluice.runtime.node.NodeDefaults;
import io.sluice.runtime.node.SluiceNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM launches the flow: a child JVM for every {@code localhost()} member and an
 * ActorSystem for every {@code inJvm()} member. The driver (the seed, hosting the coordinator)
 * is the first child when every member is a child and the flow has no spare nodes, and otherwise
 * a node in this JVM. A child that
 * dies before the flow completes fails the deployment with its exit code and last lines of
 * standard error, unless it is a member of a cluster the flow watches (and not the driver): then
 * it is logged, and the coordinator lets the flow go on without it.
 */
public final class LauncherRun implements Run {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherRun.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final String HEARTBEAT_PAUSE = "pekko.cluster.failure-detector.acceptable-heartbeat-pause";
    /** The heartbeat pause on one machine, unless the application set its own. */
    private static final String ONE_MACHINE_HEARTBEAT_PAUSE = "10s";
    /**
     * The heartbeat pause on one machine when the flow has spare nodes: a member whose JVM exits is
     * downed at once, but Pekko removes a downed node only once it is unreachable, so detection
     * takes this pause plus about a second. A false alarm (a JVM starved for longer) costs a
     * restart there, not the flow.
     */
    private static final String SPARES_HEARTBEAT_PAUSE = "4s";
    private static final String REMOVAL_MARGIN = "pekko.cluster.down-removal-margin";
    /**
     * How long a lost member's shard waits after its node's removal before it is placed again,
     * when the flow has spares: the launcher downs only nodes whose JVM exited, so the margin
     * (by default the split brain resolver's {@code stable-after}) guards against nothing here.
     */
    private static final String SPARES_REMOVAL_MARGIN = "200ms";
    /**
     * For a flow with spares: how often the cluster gossips, its leader acts (removes a downed,
     * unreachable node) and each node checks its failure detector; Pekko's 1 s each would add up
     * to seconds between a node becoming unreachable and its member running again. A handful of
     * nodes on one machine gossip this often at no measurable cost.
     */
    private static final List<String> SPARES_CLUSTER_TICKS = List.of("pekko.cluster.gossip-interval",
            "pekko.cluster.leader-actions-interval", "pekko.cluster.unreachable-nodes-reaper-interval");
    private static final String SPARES_CLUSTER_TICK = "250ms";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How long the coordinator has to take note that the flow is being stopped. */
    private static final Duration STOP_NOTICE = Duration.ofSeconds(5);

    private final FlowGraph graph;
    private final Map<Integer, List<Host>> placement;
    private final Map<Integer, List<Host>> spares;
    private final Config config;
    private final List<Integer> sizes = new ArrayList<>();
    private final List<SluiceNode> nodes = new ArrayList<>();
    private final List<ChildMember> children = new ArrayList<>();
    private final Map<MemberKey, SluiceNode> inJvmNodes = new HashMap<>();
    private final CompletableFuture<Void> fault = new CompletableFuture<>();
    /** The addresses of external ports that children reported, by tag. */
    private final Map<String, CompletableFuture<java.net.InetSocketAddress>> externals =
            new java.util.concurrent.ConcurrentHashMap<>();
    private FlowRuntime runtime;
    private final FlowWatch watch = FlowWatch.create();
    private Optional<ClassDataArchive> archive = Optional.empty();
    private volatile boolean stopping;
    private volatile boolean childDrives;

    /**
     * @param spares for the locations given spare nodes ({@code withSpares}), their hosts
     */
    public LauncherRun(FlowGraph graph, Map<Integer, List<Host>> placement, Map<Integer, List<Host>> spares,
                       Config config) {
        this.graph = graph;
        this.placement = placement;
        this.spares = spares;
        this.config = config;
        for (LocationInfo l : graph.locations()) {
            sizes.add(placement.get(l.id()).size());
        }
    }

    @Override
    public void deploy() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<MemberKey> inJvm = new ArrayList<>();
        for (LocationInfo l : graph.locations()) {
            for (int m = 0; m < sizes.get(l.id()); m++) {
                if (placement.get(l.id()).get(m) instanceof InJvmHost) {
                    inJvm.add(new MemberKey(l.id(), m));
                }
            }
        }
        // With every member in a child JVM, this JVM runs no node: the first child is the driver
        // (the seed, hosting the coordinator) and tells this one the cluster's address and the
        // flow's progress. A JVM that launches five others on a small machine then spends its
        // start-up only on launching them, and the cluster has one node less to form.
        List<Integer> inJvmSpares = new ArrayList<>();
        List<Integer> childSpares = new ArrayList<>();
        spares.forEach((location, hosts) -> hosts.forEach(h ->
                (h instanceof InJvmHost ? inJvmSpares : childSpares).add(location)));
        // A flow with spares keeps the driver here, in the launcher: the loss of any child, the
        // first location's member included, is then one the flow can restart from.
        childDrives = inJvm.isEmpty() && spares.isEmpty();
        try {
            // Children first: their JVMs start while this one starts the driver; they read the
            // driver's address from their standard input once it is known.
            LaunchCommand launch = null;
            for (LocationInfo l : graph.locations()) {
                for (int m = 0; m < sizes.get(l.id()); m++) {
                    MemberKey key = new MemberKey(l.id(), m);
                    if (inJvm.contains(key)) {
                        continue;
                    }
                    if (launch == null) {
                        launch = LaunchCommand.ofThisProgram(config.getStringList("sluice.localhost.jvm-options"),
                                config.hasPath("sluice.localhost.main-class")
                                        ? Optional.of(config.getString("sluice.localhost.main-class"))
                                        : Optional.empty());
                        archive = ClassDataArchive.configured(config, launch.classpath());
                    }
                    boolean first = children.isEmpty();
                    List<String> options = new ArrayList<>(childProperties(l, m, childDrives && first));
                    archive.ifPresent(a -> options.addAll(a.options(first)));
                    children.add(ChildMember.launch(launch.command(options), key, l.memberPrefix(m),
                            out, err, config.getInt("sluice.console.tail-lines"), this::onReport, this::onChildExit));
                }
            }
            for (int location : childSpares) {
                if (launch == null) {
                    launch = LaunchCommand.ofThisProgram(config.getStringList("sluice.localhost.jvm-options"),
                            config.hasPath("sluice.localhost.main-class")
                                    ? Optional.of(config.getString("sluice.localhost.main-class"))
                                    : Optional.empty());
                    archive = ClassDataArchive.configured(config, launch.classpath());
                }
                List<String> options = new ArrayList<>(spareProperties(graph.location(location)));
                archive.ifPresent(a -> options.addAll(a.options(false)));
                children.add(ChildMember.launch(launch.command(options), new MemberKey(location, NodeSettings.SPARE),
                        "[a spare node of " + graph.location(location).label() + "]", out, err,
                        config.getInt("sluice.console.tail-lines"), this::onReport, this::onChildExit));
            }
            if (!childDrives) {
                // Every member shares this machine's cores, and JVMs starting up starve the others'
                // heartbeats: be patient with them.
                StringBuilder settings = new StringBuilder(HEARTBEAT_PAUSE + " = " + heartbeatPause());
                sparesSettings().forEach((key, value) -> settings.append('\n').append(key).append(" = ").append(value));
                Config nodeConfig = ConfigFactory.parseString(settings.toString()).withFallback(config);
                runtime = new FlowRuntime(graph, sizes, nodeConfig, true, spares.keySet());
                SluiceNode driver = SluiceNode.startDriver(runtime, LOOPBACK);
                nodes.add(driver);
                relay(driver.watch(watch.restarts()::add));
                children.forEach(c -> c.send(driver.address()));
                for (MemberKey key : inJvm) {
                    SluiceNode node = SluiceNode.startMembers(runtime, List.of(key), LOOPBACK, 0,
                            List.of(driver.address()), false);
                    nodes.add(node);
                    inJvmNodes.put(key, node);
                }
                for (int location : inJvmSpares) {
                    nodes.add(SluiceNode.startSpare(runtime, location, LOOPBACK, 0, List.of(driver.address())));
                }
            }
            Duration limit = config.getDuration("sluice.join-timeout").plusSeconds(10);
            if (!Awaiting.await(watch.deployed(), fault, Optional.of(limit))) {
                throw new FlowFailedException("the coordinator did not report every member ready within " + limit);
            }
        } catch (RuntimeException e) {
            stopNow();
            throw e;
        }
    }

    /** Follows the flow through the driver node in this JVM. */
    private void relay(FlowWatch driverWatch) {
        driverWatch.deployed().thenRun(() -> watch.deployed().complete(null));
        driverWatch.completed().whenComplete((done, failure) -> {
            if (failure == null) {
                watch.completed().complete(null);
            } else {
                fault.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        });
    }

    /** What the driver child reports: the address for the other children, and the flow's progress. */
    private void onReport(LauncherLink.Report report) {
        switch (report.event()) {
            case ADDRESS -> children.stream().skip(1).forEach(c -> c.send(report.text()));
            case DEPLOYED -> watch.deployed().complete(null);
            case COMPLETED -> watch.completed().complete(null);
            case FAILED -> fault.completeExceptionally(new FlowFailedException(report.text()));
            case EXTERNAL -> onExternal(report.text());
            case RESTARTED -> Restarts.decode(report.text()).ifPresentOrElse(watch.restarts()::add,
                    () -> LOG.warn("the driver reported a restart as '{}', which is not one", report.text()));
        }
    }

    /** A child bound an external port: "tag host:port". */
    private void onExternal(String text) {
        int space = text.lastIndexOf(' ');
        int colon = text.lastIndexOf(':');
        if (space < 0 || colon < space) {
            LOG.warn("a member reported an external port as '{}', which is not 'tag host:port'", text);
            return;
        }
        String tag = text.substring(0, space);
        java.net.InetSocketAddress at = java.net.InetSocketAddress.createUnresolved(text.substring(space + 1, colon),
                Integer.parseInt(text.substring(colon + 1)));
        LOG.info("external port of {} listening on {}:{}", tag, at.getHostString(), at.getPort());
        externals.computeIfAbsent(tag, t -> new CompletableFuture<>())
                .complete(new java.net.InetSocketAddress(at.getHostString(), at.getPort()));
    }

    @Override
    public java.net.InetSocketAddress externalAddress(io.sluice.dataflow.ir.ExternalBinding binding, Duration timeout) {
        if (inJvmNodes.keySet().stream().anyMatch(k -> k.location() == binding.location())) {
            return Run.super.externalAddress(binding, timeout);
        }
        return Awaiting.external(externals.computeIfAbsent(binding.tag(), t -> new CompletableFuture<>()), binding,
                timeout);
    }

    private List<String> childProperties(LocationInfo location, int member, boolean driver) {
        String p = "-D" + NodeSettings.PATH + ".";
        List<String> props = new ArrayList<>(List.of(
                p + "location=" + location.id(),
                p + "member=" + member,
                p + "launched-driver=" + (driver ? "on" : "off")));
        props.addAll(commonProperties());
        return props;
    }

    /** A spare node's: it prefixes its lines itself, with the member it hosts once it hosts one. */
    private List<String> spareProperties(LocationInfo location) {
        String p = "-D" + NodeSettings.PATH + ".";
        List<String> props = new ArrayList<>(List.of(
                p + "location=" + location.id(),
                p + "spare=on",
                p + "prefix-output=on"));
        props.addAll(commonProperties());
        return props;
    }

    private List<String> commonProperties() {
        String p = "-D" + NodeSettings.PATH + ".";
        List<String> props = new ArrayList<>(List.of(
                p + "launched=on",
                p + "hostname=" + LOOPBACK,
                p + "port=0",
                "-D" + HEARTBEAT_PAUSE + "=" + heartbeatPause()));
        sparesSettings().forEach((key, value) -> props.add("-D" + key + "=" + value));
        for (LocationInfo l : graph.locations()) {
            if (l.kind() == io.sluice.dataflow.ir.LocationKind.CLUSTER) {
                props.add(p + "cluster-sizes." + l.id() + "=" + sizes.get(l.id()));
            }
        }
        return props;
    }

    /**
     * The failure detector's acceptable heartbeat pause for this run's nodes: the application's,
     * if it set one, else {@value #ONE_MACHINE_HEARTBEAT_PAUSE} (JVMs starting on one machine pause
     * each other's heartbeats), or {@value #SPARES_HEARTBEAT_PAUSE} for a flow with spare nodes.
     */
    private String heartbeatPause() {
        if (NodeDefaults.madeByApplication(config, HEARTBEAT_PAUSE)) {
            return config.getDuration(HEARTBEAT_PAUSE).toMillis() + "ms";
        }
        return spares.isEmpty() ? ONE_MACHINE_HEARTBEAT_PAUSE : SPARES_HEARTBEAT_PAUSE;
    }

    /**
     * For a flow with spare nodes, the settings that bring a lost member back sooner (the removal
     * margin and the cluster's ticks), each unless the application set it; none without spares.
     */
    private Map<String, String> sparesSettings() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        if (spares.isEmpty()) {
            return settings;
        }
        settings.put(REMOVAL_MARGIN, SPARES_REMOVAL_MARGIN);
        SPARES_CLUSTER_TICKS.forEach(key -> settings.put(key, SPARES_CLUSTER_TICK));
        settings.keySet().removeIf(key -> NodeDefaults.madeByApplication(config, key));
        return settings;
    }

    private void onChildExit(ChildMember child, int code) {
        if (stopping || (watch.completed().isDone() && code == 0)) {
            return;
        }
        String exit = "member " + child.prefix() + " (a JVM on this machine, pid " + child.handle().pid()
                + ") exited with code " + code + " before the flow completed";
        List<String> lines = child.stderrTail();
        String tail = lines.stream().allMatch(String::isBlank) ? "it wrote nothing to standard error"
                : "the last lines of its standard error:\n  " + String.join("\n  ", lines);
        boolean driver = childDrives && child == children.get(0);
        if (!driver) {
            downNow(child);
        }
        if (!driver && spares.containsKey(child.key().location())) {
            LOG.warn("{}; the flow restarts with its members on the nodes left, because its location has spare nodes;"
                    + " {}", exit, tail);
            return;
        }
        if (!driver && graph.watchedClusters().contains(child.key().location())) {
            LOG.warn("{}; the flow goes on without it, because it watches the membership of its cluster; {}", exit, tail);
            return;
        }
        fault.completeExceptionally(new FlowFailedException(exit + "; " + tail));
    }

    /**
     * A child's JVM exited: its node is gone for certain, so it is downed now, through the driver,
     * instead of after the failure detector's pause and the split brain resolver's wait.
     */
    private void downNow(ChildMember child) {
        child.address().ifPresent(address -> {
            LOG.debug("downing {} at {}: its JVM exited", child.prefix(), address);
            if (!nodes.isEmpty()) {
                nodes.get(0).down(address);
            } else if (!children.isEmpty()) {
                children.get(0).send(LauncherLink.DOWN + " " + address);
            }
        });
    }

    @Override
    public void start() {
        if (nodes.isEmpty()) {
            children.get(0).send(LauncherLink.START);
        } else {
            nodes.get(0).requestStart();
        }
    }

    @Override
    public boolean awaitCompletion(Duration timeout) {
        return Awaiting.await(watch.completed(), fault, Optional.of(timeout));
    }

    @Override
    public void awaitCompletion() {
        Awaiting.await(watch.completed(), fault, Optional.empty());
    }

    @Override
    public CompletableFuture<Void> completion() {
        return Awaiting.either(watch.completed(), fault);
    }

    @Override
    public void stop() {
        stopping = true;
        boolean completed = watch.completed().isDone() && !watch.completed().isCompletedExceptionally();
        if (!watch.completed().isDone()) {
            // Stopped before it completed: the coordinator, if it runs here, must not take the
            // members' going for losses to restart from, or fail the flow for.
            nodes.forEach(n -> n.stopFlow(STOP_NOTICE));
        }
        // After completion, children finish on their own once they hear of it; otherwise end them now.
        Duration grace = completed ? Duration.ofSeconds(15) : Duration.ZERO;
        children.forEach(c -> c.stop(grace));
        archive.ifPresent(ClassDataArchive::publish);
        Awaiting.terminate(nodes, "members", STOP_TIMEOUT);
    }

    private void stopNow() {
        stopping = true;
        children.forEach(c -> c.stop(Duration.ZERO));
        Awaiting.terminate(nodes, "members", STOP_TIMEOUT);
    }

    @Override
    public List<FlowEvent.MemberRestarted> restarts() {
        return List.copyOf(watch.restarts());
    }

    @Override
    public List<String> stdout(int location, int member) {
        for (ChildMember c : children) {
            if (c.key().equals(new MemberKey(location, member))) {
                return c.lines();
            }
        }
        return runtime == null ? List.of() : runtime.output(location, member);
    }

    /**
     * Stops member {@code key} abruptly: its node's ActorSystem, or its child JVM; returns once it
     * is gone. Either way this launcher knows the node is gone, so it downs it at once, as it does
     * a child whose JVM exited, through the driver (unless the node was the driver).
     */
    public void crash(MemberKey key) {
        SluiceNode node = inJvmNodes.get(key);
        if (node != null) {
            String address = node.address();
            Awaiting.terminate(List.of(node), "the crashed member's node", STOP_TIMEOUT);
            if (!nodes.isEmpty() && nodes.get(0) != node) {
                LOG.debug("downing {} at {}: its node was crashed", key, address);
                nodes.get(0).down(address);
            }
            return;
        }
        for (ChildMember child : children) {
            if (child.key().equals(key)) {
                child.kill();
                return;
            }
        }
        throw new IllegalStateException("member " + key + " is not hosted by this launcher");
    }

    /** The processes of the child JVMs, for tests. */
    public List<ProcessHandle> childProcesses() {
        return children.stream().map(ChildMember::handle).toList();
    }
}
