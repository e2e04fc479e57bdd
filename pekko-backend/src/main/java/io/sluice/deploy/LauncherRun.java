package io.sluice.deploy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.runtime.FlowRuntime;
import io.sluice.runtime.FlowWatch;
import io.sluice.runtime.MemberKey;
import io.sluice.runtime.SluiceNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * This JVM launches the flow: it runs the driver node (the seed, hosting the coordinator),
 * an ActorSystem for every {@code inJvm()} member, and a child JVM for every
 * {@code localhost()} member. A child that dies before the flow completes fails the deployment
 * with its exit code and last lines of standard error.
 */
final class LauncherRun implements Run {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String ONE_MACHINE_HEARTBEAT_PAUSE = "10s";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final FlowGraph graph;
    private final Map<Integer, List<Host>> placement;
    private final Config config;
    private final List<Integer> sizes = new ArrayList<>();
    private final List<SluiceNode> nodes = new ArrayList<>();
    private final List<ChildMember> children = new ArrayList<>();
    private final CompletableFuture<Void> fault = new CompletableFuture<>();
    private FlowRuntime runtime;
    private volatile FlowWatch watch;
    private Optional<ClassDataArchive> archive = Optional.empty();
    private volatile boolean stopping;

    LauncherRun(FlowGraph graph, Map<Integer, List<Host>> placement, Config config) {
        this.graph = graph;
        this.placement = placement;
        this.config = config;
        for (LocationInfo l : graph.locations()) {
            sizes.add(placement.get(l.id()).size());
        }
    }

    @Override
    public void deploy() {
        // Every member shares this machine's cores, and JVMs starting up starve the others'
        // heartbeats: be patient with them.
        Config nodeConfig = ConfigFactory.parseString("pekko.cluster.failure-detector.acceptable-heartbeat-pause = "
                + ONE_MACHINE_HEARTBEAT_PAUSE).withFallback(config);
        runtime = new FlowRuntime(graph, sizes, nodeConfig, true);
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            // Children first: their JVMs start while this one starts the driver; they read the
            // driver's address from their standard input once it is known.
            List<MemberKey> inJvm = new ArrayList<>();
            LaunchCommand launch = null;
            for (LocationInfo l : graph.locations()) {
                for (int m = 0; m < sizes.get(l.id()); m++) {
                    MemberKey key = new MemberKey(l.id(), m);
                    if (placement.get(l.id()).get(m) instanceof InJvmHost) {
                        inJvm.add(key);
                        continue;
                    }
                    if (launch == null) {
                        launch = LaunchCommand.ofThisProgram(config.getStringList("sluice.localhost.jvm-options"));
                        archive = ClassDataArchive.configured(config, launch.classpath());
                    }
                    List<String> options = new ArrayList<>(childProperties(l, m));
                    boolean record = children.isEmpty();
                    archive.ifPresent(a -> options.addAll(a.options(record)));
                    children.add(ChildMember.launch(launch.command(options), key, l.memberPrefix(m),
                            out, err, this::onChildExit));
                }
            }
            SluiceNode driver = SluiceNode.startDriver(runtime, LOOPBACK);
            nodes.add(driver);
            watch = driver.watch();
            children.forEach(c -> c.tellSeed(driver.address()));
            for (MemberKey key : inJvm) {
                nodes.add(SluiceNode.startMembers(runtime, List.of(key), LOOPBACK, 0, List.of(driver.address()), false));
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

    private List<String> childProperties(LocationInfo location, int member) {
        String p = "-D" + NodeSettings.PATH + ".";
        List<String> props = new ArrayList<>(List.of(
                p + "location=" + location.id(),
                p + "member=" + member,
                p + "launched=on",
                p + "hostname=" + LOOPBACK,
                p + "port=0",
                "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=" + ONE_MACHINE_HEARTBEAT_PAUSE));
        for (LocationInfo l : graph.locations()) {
            if (l.kind() == io.sluice.dataflow.ir.LocationKind.CLUSTER) {
                props.add(p + "cluster-sizes." + l.id() + "=" + sizes.get(l.id()));
            }
        }
        return props;
    }

    private void onChildExit(ChildMember child, int code) {
        if (stopping || (watch != null && watch.completed().isDone() && code == 0)) {
            return;
        }
        fault.completeExceptionally(new FlowFailedException("member " + child.prefix() + " (a JVM on this machine, pid "
                + child.handle().pid() + ") exited with code " + code + " before the flow completed; "
                + "the last lines of its standard error:\n  " + String.join("\n  ", child.stderrTail())));
    }

    @Override
    public void start() {
        nodes.get(0).requestStart();
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
    public void stop() {
        stopping = true;
        boolean completed = watch != null && watch.completed().isDone() && !watch.completed().isCompletedExceptionally();
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
    public List<String> stdout(int location, int member) {
        for (ChildMember c : children) {
            if (c.key().equals(new MemberKey(location, member))) {
                return c.lines();
            }
        }
        return runtime == null ? List.of() : runtime.output(location, member);
    }

    /** The processes of the child JVMs, for tests. */
    List<ProcessHandle> childProcesses() {
        return children.stream().map(ChildMember::handle).toList();
    }
}
