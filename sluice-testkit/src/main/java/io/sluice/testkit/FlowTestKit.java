package io.sluice.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.ClusterStream;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.dataflow.ir.LocationKind;
import io.sluice.dataflow.ir.Node;
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs Sluice flows in JUnit 5 tests on a real Pekko cluster in this JVM, whose ActorSystems are
 * made once per test class and shared by all its flows, so that a small flow costs a fraction of
 * a second instead of a new cluster's seconds. Flows get typed inputs ({@link #input}) that the
 * test pushes into while they run, and typed outputs ({@link #collect}) with assertions that
 * wait: {@code assertYields}, {@code assertYieldsOnly}, {@code assertYieldsUnordered}.
 *
 * <pre>{@code
 * class DoublingTest {
 *     @RegisterExtension
 *     static final FlowTestKit kit = FlowTestKit.withSystems(3);
 *
 *     @Test
 *     void eachWorkerDoublesItsShare() {
 *         FlowBuilder flow = new FlowBuilder();
 *         Process<Leader> leader = flow.process(Leader.class);
 *         Cluster<Worker> workers = flow.cluster(Worker.class);
 *         ClusterOutput<Integer, Worker> doubled =
 *                 kit.collect(leader.sourceIter(List.of(0, 1, 2, 3, 4, 5)).roundRobin(workers).map(n -> n * 2));
 *         kit.start(flow);
 *         doubled.assertYieldsOnly(List.of(0, 6), List.of(2, 8), List.of(4, 10));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> Register the kit in a {@code static} field with
 * {@code @RegisterExtension}: its systems start before the class's first test and are
 * terminated, all at once and within 15 s, after its last. (In an instance field, the kit lives
 * for one test.) Runs a test leaves open are stopped after it. Outside JUnit, the kit starts its
 * systems at the first {@link #start} and stops them on {@link #close()}.
 *
 * <p><b>Placement.</b> {@link #start} places every location itself: process {@code j} (in
 * creation order) on system {@code j mod n}, member {@code k} of a cluster on system
 * {@code k mod n}, where {@code n} is the number of systems. A cluster has {@code n} members
 * unless the test says otherwise. Hosts the flow was given with {@code withProcess} or
 * {@code withCluster} are not used. Each flow runs under a guardian of its own on the systems
 * ({@code Deployment.onSystem}), which stops when the flow ends; so flows do not see each other,
 * and one that fails leaves the systems to the next.
 *
 * <p><b>What it tests.</b> Real actors, real serialization over Artery TCP on 127.0.0.1, real
 * credit-based flow control: the backend's behaviour, not a model of it. It does not control the
 * network's nondeterminism (interleavings across senders vary from run to run); for that, use
 * the simulator ({@code io.sluice.testkit.sim}); see {@code docs/testing.md}.
 */
public final class FlowTestKit implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final int size;
    private final Config settings;
    private final Duration timeout;
    private final List<TestRun> open = new ArrayList<>();
    private KitSystems systems;
    /** How many test classes (a class and its nested ones) registered this kit statically are running. */
    private int classes;

    private FlowTestKit(int size, Config settings, Duration timeout) {
        this.size = size;
        this.settings = settings;
        this.timeout = timeout;
    }

    /**
     * A kit whose flows run on {@code systems} ActorSystems in this JVM, forming one cluster.
     *
     * <pre>{@code
     * @RegisterExtension
     * static final FlowTestKit kit = FlowTestKit.withSystems(3);
     * }</pre>
     *
     * @param systems how many ActorSystems, from 1; also the default number of members of a cluster
     * @return the kit, not started
     * @throws IllegalArgumentException when {@code systems} is less than 1
     */
    public static FlowTestKit withSystems(int systems) {
        if (systems < 1) {
            throw new IllegalArgumentException("FlowTestKit.withSystems: at least 1 system, not " + systems);
        }
        return new FlowTestKit(systems, ConfigFactory.empty(), DEFAULT_TIMEOUT);
    }

    /**
     * This kit with settings over the defaults, in HOCON: {@code sluice.*} settings apply to every
     * flow it runs, {@code pekko.*} settings to its systems.
     *
     * <pre>{@code
     * static final FlowTestKit kit = FlowTestKit.withSystems(2).withConfig("sluice.channel.window = 2");
     * }</pre>
     *
     * @param hocon the settings
     * @return a new kit with them, not started
     */
    public FlowTestKit withConfig(String hocon) {
        return new FlowTestKit(size, ConfigFactory.parseString(hocon).withFallback(settings), timeout);
    }

    /**
     * This kit with another timeout for its assertions, pushes and {@link TestRun#awaitCompletion()}
     * (30 s by default: it bounds a wait only when something is wrong).
     *
     * <pre>{@code
     * static final FlowTestKit kit = FlowTestKit.withSystems(3).withTimeout(Duration.ofSeconds(10));
     * }</pre>
     *
     * @param timeout how long a wait lasts at most, positive
     * @return a new kit with it, not started
     */
    public FlowTestKit withTimeout(Duration timeout) {
        return new FlowTestKit(size, settings, positive(timeout));
    }

    /**
     * Collects a process's stream as a typed output: a {@code forEach} at the end of
     * {@code stream}. Call it while building the flow, before {@link #start}.
     *
     * <pre>{@code
     * Output<String> greetings = kit.collect(leader.sourceIter(List.of("a", "b")).map(s -> "hi " + s));
     * }</pre>
     *
     * @param stream the stream, which it consumes
     * @param <T>    the element type
     * @param <P>    the process's tag type
     * @return the output, whose assertions work once the flow is started by this kit
     */
    public <T, P> Output<T> collect(ProcessStream<T, P> stream) {
        Collected<T> collected = new Collected<>(callSite());
        stream.forEach(collected);
        return new Output<>(collected, 0, timeout);
    }

    /**
     * Collects a cluster's stream as a typed output, each element kept with the id of the member
     * that yielded it: a {@code forEach} at the end of {@code stream}. Call it while building the
     * flow, before {@link #start}.
     *
     * <pre>{@code
     * ClusterOutput<Integer, Worker> shares = kit.collect(leader.sourceIter(numbers).roundRobin(workers));
     * }</pre>
     *
     * @param stream the stream, which it consumes
     * @param <T>    the element type
     * @param <C>    the cluster's tag type
     * @return the output, whose assertions work once the flow is started by this kit
     */
    public <T, C> ClusterOutput<T, C> collect(ClusterStream<T, C> stream) {
        Collected<T> collected = new Collected<>(callSite());
        stream.forEach(collected);
        return new ClusterOutput<>(collected, timeout);
    }

    /**
     * An input of {@code process}: elements the test pushes while the flow runs, from
     * {@link ProcessInput#stream()}.
     *
     * <pre>{@code
     * ProcessInput<Integer, Leader> numbers = kit.input(leader, Integer.class);
     * numbers.stream().map(n -> n + 1) ...
     * }</pre>
     *
     * @param process the process that reads the input
     * @param type    the element type (it lets {@code var} and chained calls infer {@code T})
     * @param <T>     the element type
     * @param <P>     the process's tag type
     * @return the input, open
     */
    public <T, P> ProcessInput<T, P> input(Process<P> process, Class<T> type) {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(type, "type");
        return new ProcessInput<>(process, timeout);
    }

    /**
     * An input of {@code cluster}: elements the test pushes to one member or to all while the
     * flow runs, from {@link ClusterInput#stream()}. It adds a process to {@code flow} that feeds
     * the cluster (see {@link ClusterInput}).
     *
     * <pre>{@code
     * ClusterInput<String, Worker> commands = kit.input(flow, workers, String.class);
     * }</pre>
     *
     * @param flow    the flow of {@code cluster}
     * @param cluster the cluster that reads the input
     * @param type    the element type (it lets {@code var} and chained calls infer {@code T})
     * @param <T>     the element type
     * @param <C>     the cluster's tag type
     * @return the input, open
     */
    public <T, C> ClusterInput<T, C> input(FlowBuilder flow, Cluster<C> cluster, Class<T> type) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(type, "type");
        return new ClusterInput<>(flow, cluster, timeout);
    }

    /**
     * Deploys {@code flow} on the kit's systems, every cluster with as many members as the kit has
     * systems, and starts its sources; returns once every member is wired (the start barrier).
     *
     * <pre>{@code
     * TestRun run = kit.start(flow);
     * }</pre>
     *
     * @param flow the flow, complete; it is built (frozen) here
     * @return the run, which the kit stops after the test if the test does not
     * @throws IllegalStateException when the flow is invalid (a stream no one consumes, ...)
     * @throws io.sluice.dataflow.FlowFailedException when it cannot be deployed
     */
    public TestRun start(FlowBuilder flow) {
        return start(flow, Map.of());
    }

    /**
     * Deploys {@code flow} with the given cluster sizes (others have as many members as the kit
     * has systems), and starts its sources. Members beyond the number of systems share them.
     *
     * <pre>{@code
     * TestRun run = kit.start(flow, Map.of(workers, 5));
     * }</pre>
     *
     * @param flow         the flow, complete; it is built (frozen) here
     * @param clusterSizes members per cluster of the flow, each from 1
     * @return the run, which the kit stops after the test if the test does not
     * @throws IllegalArgumentException when a size is less than 1 or a cluster is not one of the flow's
     * @throws IllegalStateException    when the flow is invalid (a stream no one consumes, ...)
     * @throws io.sluice.dataflow.FlowFailedException when it cannot be deployed
     */
    public synchronized TestRun start(FlowBuilder flow, Map<? extends Cluster<?>, Integer> clusterSizes) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(clusterSizes, "clusterSizes");
        FlowGraph graph = flow.build();
        Map<Integer, Integer> sizes = new HashMap<>();
        clusterSizes.forEach((cluster, members) -> {
            boolean ours = cluster.id() < graph.locations().size()
                    && graph.location(cluster.id()).kind() == LocationKind.CLUSTER
                    && graph.location(cluster.id()).name().equals(cluster.name());
            if (!ours) {
                throw new IllegalArgumentException("start: " + cluster + " is not a cluster of this flow");
            }
            if (members == null || members < 1) {
                throw new IllegalArgumentException("start: " + cluster + " needs at least 1 member, not " + members);
            }
            sizes.put(cluster.id(), members);
        });
        KitSystems on = systems();
        Deployment deployment = new Deployment(settings.withFallback(ConfigFactory.load()));
        try {
            Map<Integer, List<Host>> placement = new LinkedHashMap<>();
            int processes = 0;
            for (LocationInfo l : graph.locations()) {
                List<Host> hosts = new ArrayList<>();
                if (l.kind() == LocationKind.PROCESS) {
                    hosts.add(deployment.onSystem(on.get(processes++)));
                } else {
                    int members = sizes.getOrDefault(l.id(), on.size());
                    for (int m = 0; m < members; m++) {
                        hosts.add(deployment.onSystem(on.get(m)));
                    }
                }
                placement.put(l.id(), List.copyOf(hosts));
            }
            List<Collected<?>> outputs = new ArrayList<>();
            for (Node node : graph.nodes()) {
                if (node instanceof Node.ForEach each && each.action() instanceof Collected<?> collected) {
                    LocationInfo at = graph.location(each.location());
                    collected.bind(at.label(), placement.get(at.id()).size());
                    outputs.add(collected);
                }
            }
            // The kit places the locations itself, from the built graph: the Deployer call that
            // FlowBuilder.deploy makes, with the kit's hosts.
            deployment.install(graph, placement);
            TestRun run = new TestRun(deployment, List.copyOf(outputs), timeout);
            deployment.deploy();
            deployment.start();
            run.watch();
            open.add(run);
            return run;
        } catch (RuntimeException | Error e) {
            deployment.close();
            throw e;
        }
    }

    /** The kit's system {@code index} (modulo their number), started if need be: for the kit's own tests. */
    synchronized ActorSystem<Void> system(int index) {
        return systems().get(index);
    }

    /** The kit's systems, started on first use. */
    private KitSystems systems() {
        if (systems == null) {
            systems = KitSystems.start(size, settings, CLUSTER_TIMEOUT);
        }
        return systems;
    }

    /**
     * Starts the kit's systems before the class's first test. Called by JUnit.
     *
     * @param context the test class's context
     */
    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        classes++;
        systems();
    }

    /**
     * Stops the runs the test left open. Called by JUnit; in an instance field, it also stops
     * the kit's systems.
     *
     * @param context the test's context
     */
    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (classes == 0) {
            close();
        } else {
            stopRuns();
        }
    }

    /**
     * Stops the kit's systems after the class's last test. Called by JUnit.
     *
     * @param context the test class's context
     */
    @Override
    public synchronized void afterAll(ExtensionContext context) {
        classes = Math.max(0, classes - 1);
        if (classes == 0) {
            close();
        }
    }

    /**
     * Stops every open run and terminates the kit's systems, all at once, waiting at most 15 s.
     * The kit can start again afterwards.
     *
     * <pre>{@code
     * try (FlowTestKit kit = FlowTestKit.withSystems(2)) { ... }
     * }</pre>
     *
     * @throws IllegalStateException when a system does not terminate in time
     */
    @Override
    public synchronized void close() {
        try {
            stopRuns();
        } finally {
            if (systems != null) {
                KitSystems stopping = systems;
                systems = null;
                stopping.stop(STOP_TIMEOUT);
            }
        }
    }

    private void stopRuns() {
        RuntimeException failure = null;
        for (TestRun run : open) {
            try {
                run.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }

    static Duration positive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive, not " + timeout);
        }
        return timeout;
    }

    /** The test's line that made an output, for messages about it. */
    private static String callSite() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(FlowTestKit.class.getName()))
                .findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber())
                .orElse("an unknown line"));
    }

    @Override
    public synchronized String toString() {
        return "FlowTestKit(" + size + " systems, " + (systems == null ? "not started" : "running") + ", "
                + open.size() + " open runs)";
    }
}
