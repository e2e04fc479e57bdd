package io.sluice.deploy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.Deployer;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.runtime.FlowFailure;
import io.sluice.runtime.FlowRuntime;
import io.sluice.runtime.FlowWatch;
import io.sluice.runtime.MemberKey;
import io.sluice.runtime.SluiceNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a flow on a Pekko cluster: Hydro Deploy's {@code Deployment}. Give each location's
 * members hosts ({@link #inJvm()}: an ActorSystem in this JVM; {@link #localhost()}: a JVM of
 * its own on this machine), hand the flow over with {@code flow.deploy(deployment)}, then
 * {@link #deploy()} (launch, form the cluster, wire: the start barrier), {@link #start()} (the
 * sources begin), and {@link #awaitCompletion} or {@link #startCtrlC()}.
 *
 * <pre>{@code
 * Deployment deployment = new Deployment();
 * flow.withProcess(leader, deployment.inJvm())
 *     .withCluster(workers, Collections.nCopies(4, deployment.inJvm()))
 *     .deploy(deployment);
 * deployment.deploy();
 * deployment.start();
 * deployment.awaitCompletion(Duration.ofSeconds(30));
 * List<String> printed = deployment.stdout(workers, 2);   // what worker 2 printed
 * deployment.stop();
 * }</pre>
 *
 * <p>Every line a member prints from operator code is echoed with its location's prefix, e.g.
 * {@code [io.sluice.examples.FirstTenCluster.Worker (cluster 1) / 2] 4}, and kept for
 * {@link #stdout}. A deployment runs one flow once; it is not reusable.
 */
public final class Deployment implements Deployer, AutoCloseable {

    /** Initialised before any ActorSystem starts logging from its own threads. */
    private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);
    private static final Host IN_JVM = new InJvmHost();
    private static final Host LOCALHOST = new LocalhostHost();
    private static final String LOOPBACK = "127.0.0.1";

    private final Config config;
    private FlowGraph graph;
    private Map<Integer, List<Host>> placement;
    private FlowRuntime runtime;
    private final List<SluiceNode> nodes = new ArrayList<>();
    private FlowWatch watch;
    private boolean started;
    private boolean stopped;

    /** A deployment configured from {@code application.conf} and Sluice's defaults. */
    public Deployment() {
        this(ConfigFactory.load());
    }

    /** A deployment with the given configuration (which must include the defaults, as {@code ConfigFactory.load()} does). */
    public Deployment(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A member in its own JVM on this machine, launched by {@link #deploy()}. */
    public Host localhost() {
        return LOCALHOST;
    }

    /** A member as an ActorSystem inside this JVM: for tests and embedding. */
    public Host inJvm() {
        return IN_JVM;
    }

    /** Called by {@code FlowBuilder.deploy(this)}: takes the flow to run. Not for user code. */
    @Override
    public synchronized void install(FlowGraph graph, Map<Integer, List<Host>> placement) {
        if (this.graph != null) {
            throw new IllegalStateException("this Deployment already has a flow; use one Deployment per flow");
        }
        for (List<Host> hosts : placement.values()) {
            for (Host h : hosts) {
                if (!(h instanceof InJvmHost) && !(h instanceof LocalhostHost)) {
                    throw new IllegalArgumentException("host " + h.describe() + " was not made by this Deployment; "
                            + "use deployment.inJvm() or deployment.localhost()");
                }
            }
        }
        this.graph = graph;
        this.placement = Map.copyOf(placement);
    }

    /**
     * Launches every member, forms the cluster and wires the flow; returns once every member is
     * up and wired (the start barrier), before any source emits.
     *
     * @throws FlowFailedException when a member cannot start or join within
     *                             {@code sluice.join-timeout}, naming the missing ones
     */
    public synchronized void deploy() {
        if (graph == null) {
            throw new IllegalStateException("no flow to deploy: call flow.deploy(deployment) first");
        }
        if (runtime != null) {
            throw new IllegalStateException("deploy() was already called");
        }
        List<Integer> sizes = new ArrayList<>();
        for (LocationInfo l : graph.locations()) {
            List<Host> hosts = placement.get(l.id());
            if (hosts.stream().anyMatch(h -> h instanceof LocalhostHost)) {
                throw new UnsupportedOperationException("localhost() members are not supported yet: use inJvm()");
            }
            sizes.add(hosts.size());
        }
        runtime = new FlowRuntime(graph, sizes, inJvmConfig(), true);
        LOG.debug("deploying {} locations with {} members in this JVM", sizes.size(), sizes.stream().mapToInt(i -> i).sum());
        try {
            SluiceNode driver = SluiceNode.startDriver(runtime, LOOPBACK);
            nodes.add(driver);
            watch = driver.watch();
            for (LocationInfo l : graph.locations()) {
                for (int m = 0; m < sizes.get(l.id()); m++) {
                    nodes.add(SluiceNode.startMembers(runtime, List.of(new MemberKey(l.id(), m)), LOOPBACK, driver.address()));
                }
            }
            Duration limit = config.getDuration("sluice.join-timeout").plusSeconds(10);
            await(watch.deployed(), limit, "the start barrier");
        } catch (TimeoutRuntime e) {
            stop();
            throw new FlowFailedException(e.getMessage() + ": the coordinator never reported the members ready", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Starts the sources. Call after {@link #deploy()}. */
    public synchronized void start() {
        if (watch == null) {
            throw new IllegalStateException("start() before deploy(): deploy the flow first");
        }
        if (!started) {
            started = true;
            nodes.get(0).requestStart();
        }
    }

    /**
     * Waits until every operator of every member has finished (every finite source has ended
     * and its elements have passed through every channel).
     *
     * @return true when the flow completed, false when {@code timeout} passed first
     * @throws FlowFailedException when the flow failed
     */
    public boolean awaitCompletion(Duration timeout) {
        if (watch == null || !started) {
            throw new IllegalStateException("awaitCompletion() before deploy() and start()");
        }
        try {
            await(watch.completed(), timeout, "completion");
            return true;
        } catch (TimeoutRuntime e) {
            return false;
        }
    }

    /**
     * Starts the sources and runs until the flow completes or the JVM is asked to stop
     * (Ctrl-C), then stops every member. Hydro Deploy's {@code start_ctrl_c}.
     *
     * @throws FlowFailedException when the flow failed
     */
    public void startCtrlC() {
        start();
        Thread hook = new Thread(this::stop, "sluice-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                watch.completed().get();
            } catch (ExecutionException e) {
                throw failure(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    /** Stops every member this deployment started. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        CompletableFuture<?>[] terminated = nodes.stream()
                .map(n -> n.terminate().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(terminated).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new FlowFailedException("members did not stop within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** The lines the process printed from operator code so far. */
    public List<String> stdout(Process<?> process) {
        return output(process.id(), 0);
    }

    /** The lines member {@code member} of {@code cluster} printed from operator code so far. */
    public List<String> stdout(Cluster<?> cluster, int member) {
        return output(cluster.id(), member);
    }

    private List<String> output(int location, int member) {
        if (runtime == null) {
            return List.of();
        }
        int size = placement.get(location).size();
        if (member < 0 || member >= size) {
            throw new IllegalArgumentException("member " + member + " does not exist: "
                    + graph.location(location).label() + " has members 0.." + (size - 1));
        }
        return runtime.output(location, member);
    }

    /** Several ActorSystems share this JVM's cores: be patient with heartbeats. */
    private Config inJvmConfig() {
        return ConfigFactory.parseString("""
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s
                """).withFallback(config);
    }

    private static void await(CompletableFuture<Void> future, Duration timeout, String what) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutRuntime(what + " was not reached within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlowFailedException("interrupted while waiting for " + what);
        }
    }

    private static FlowFailedException failure(Throwable cause) {
        if (cause instanceof FlowFailure f) {
            return new FlowFailedException(f.getMessage(), f);
        }
        return new FlowFailedException("the flow failed: " + cause, cause);
    }

    /** A wait that ran out of time. */
    private static final class TimeoutRuntime extends RuntimeException {
        TimeoutRuntime(String message) {
            super(message);
        }
    }
}
