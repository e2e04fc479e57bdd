package io.sluice.deploy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.Deployer;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.deploy.launch.EmbeddedRun;
import io.sluice.deploy.launch.InJvmHost;
import io.sluice.deploy.launch.LauncherRun;
import io.sluice.deploy.launch.LocalhostHost;
import io.sluice.deploy.launch.NodeRun;
import io.sluice.deploy.launch.NodeSettings;
import io.sluice.deploy.launch.Run;
import io.sluice.deploy.launch.SystemHost;
import io.sluice.plan.Failover;
import io.sluice.plan.FlowPlan;
import io.sluice.plan.MemberKey;
import io.sluice.runtime.node.HostSystems;
import io.sluice.runtime.scope.ConsoleCapture;
import io.sluice.runtime.snapshot.SnapshotSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a flow on a Pekko cluster: Hydro Deploy's {@code Deployment}. Give each location's
 * members hosts ({@link #localhost()}: a JVM of its own on this machine; {@link #inJvm()}: an
 * ActorSystem in this JVM; {@link #onSystem}: an ActorSystem of the application's), hand the flow over with {@code flow.deploy(deployment)}, then
 * {@link #deploy()} (launch, form the cluster, wire: the start barrier), {@link #start()} (the
 * sources begin), and {@link #awaitCompletion} or {@link #startCtrlC()}.
 *
 * <pre>{@code
 * Deployment deployment = new Deployment();
 * flow.withProcess(leader, deployment.localhost())
 *     .withCluster(workers, Collections.nCopies(4, deployment.localhost()))
 *     .deploy(deployment);
 * deployment.deploy();
 * deployment.startCtrlC();
 * }</pre>
 *
 * <p>Every line a member prints is echoed with its location's prefix, e.g.
 * {@code [io.sluice.examples.FirstTenCluster.Worker (cluster 1) / 2] 4}, and its latest lines
 * ({@code sluice.console.tail-lines}) are kept for {@link #stdout}. For members in this JVM
 * that means routing {@code System.out} and {@code System.err} from this constructor until
 * {@link #stop()} (see {@code sluice.console} in {@code reference.conf}): create the deployment
 * before building the flow, so that a {@code System.out::println} in it is routed too.
 *
 * <p><b>One program, every role.</b> With {@code localhost()} hosts, {@code deploy()} starts
 * this same program again in one JVM per member. There, and on any JVM whose configuration has
 * a {@code sluice.node} section (a member started by hand from an {@code application.conf}),
 * the same calls make this JVM that one member: it joins the cluster, runs its location's part
 * of the flow, and returns from {@link #startCtrlC()} when the flow is done. No branch is needed
 * in user code. A deployment runs one flow once.
 */
public final class Deployment implements Deployer, AutoCloseable {

    /** Initialised before any ActorSystem starts logging from its own threads. */
    private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);
    private static final Host IN_JVM = new InJvmHost();
    private static final Host LOCALHOST = new LocalhostHost();
    /**
     * How many open deployments in this JVM made {@link #onSystem} hosts: while there are any, this
     * JVM is an application that embeds flows, whose main {@code localhost()} must not relaunch.
     */
    private static final AtomicInteger EMBEDDING = new AtomicInteger();

    private final Config config;
    private FlowGraph graph;
    private Map<Integer, List<Host>> placement;
    private Map<Integer, List<Host>> spares = Map.of();
    private Run run;
    private final boolean capturing;
    private boolean started;
    private boolean stopped;
    private boolean embeds;

    /** A deployment configured from {@code application.conf} (or {@code -Dconfig.file}) and Sluice's defaults. */
    public Deployment() {
        this(load());
    }

    /**
     * A deployment with the given configuration.
     *
     * @param config the configuration, which must include the defaults as {@code ConfigFactory.load()} does
     * @throws IllegalArgumentException when its {@code sluice.node} section is malformed, naming the key
     */
    public Deployment(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        // fail fast on a malformed sluice.node section
        boolean prefixHere = !NodeSettings.present(config) || NodeSettings.from(config).prefixOutput();
        this.capturing = prefixHere && config.getBoolean("sluice.console.capture");
        if (capturing) {
            ConsoleCapture.acquire();
        }
    }

    private static Config load() {
        try {
            return ConfigFactory.load();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("could not read the configuration: " + e.getMessage()
                    + " (check -Dconfig.file and the syntax of application.conf)", e);
        }
    }

    /**
     * A member in its own JVM on this machine, launched by {@link #deploy()}.
     *
     * @return the host, to give to {@code withProcess} or {@code withCluster}
     */
    public Host localhost() {
        return LOCALHOST;
    }

    /**
     * A member as an ActorSystem inside this JVM: for tests and embedding.
     *
     * @return the host, to give to {@code withProcess} or {@code withCluster}
     */
    public Host inJvm() {
        return IN_JVM;
    }

    /**
     * A member on {@code system}, an ActorSystem that the application owns and that belongs to its
     * Pekko cluster: embedding a flow in a Pekko application. The flow's actors live under a
     * guardian of their own on the system ({@code /system/sluice-flow-<n>}) and stop when the
     * flow ends, however it ends; the system and the application's actors on it go on. Several
     * flows may share a system, and one system may host several members.
     *
     * <p>The system's configuration must make it a cluster node ({@code pekko.actor.provider =
     * cluster}, joined to the application's cluster before {@link #deploy()}, which waits up to
     * {@code sluice.join-timeout} for it to be Up) and must include Sluice's serializer bindings:
     * {@code include classpath("sluice-embedding.conf")} in its {@code application.conf}. No
     * cluster role is needed: members are placed on exactly the systems given here. Every host of
     * the flow is then an {@code onSystem} host, each system one of this JVM's.
     *
     * <pre>{@code
     * ActorSystem<Command> app = ActorSystem.create(App.create(), "app");   // provider = cluster, joined
     * flow.withProcess(leader, deployment.onSystem(app))
     *     .withCluster(workers, Collections.nCopies(3, deployment.onSystem(app)))
     *     .deploy(deployment);
     * deployment.deploy();
     * deployment.start();
     * deployment.completion().thenRun(() -> app.tell(new FlowDone()));
     * }</pre>
     *
     * @param system the application's system; Sluice never stops or reconfigures it
     * @return the host, to give to {@code withProcess} or {@code withCluster}
     * @throws IllegalArgumentException when the system is not a cluster node or lacks Sluice's
     *                                  serializer bindings, saying what to add
     */
    public synchronized Host onSystem(ActorSystem<?> system) {
        Objects.requireNonNull(system, "system");
        HostSystems.checkConfig(system);
        if (!embeds && !stopped) {
            embeds = true;
            EMBEDDING.incrementAndGet();
        }
        return new SystemHost(system);
    }

    /** Called by {@code FlowBuilder.deploy(this)}: takes the flow to run. Not for user code. */
    @Override
    public synchronized void install(FlowGraph graph, Map<Integer, List<Host>> placement) {
        if (this.graph != null) {
            throw new IllegalStateException("this Deployment already has a flow; use one Deployment per flow");
        }
        List<Host> all = placement.values().stream().flatMap(List::stream).toList();
        for (Host h : all) {
            if (!(h instanceof InJvmHost) && !(h instanceof LocalhostHost) && !(h instanceof SystemHost)) {
                throw new IllegalArgumentException("host " + h.describe() + " was not made by this Deployment; "
                        + "use deployment.inJvm(), deployment.localhost() or deployment.onSystem(system)");
            }
        }
        long embedded = all.stream().filter(SystemHost.class::isInstance).count();
        if (embedded > 0 && embedded < all.size()) {
            throw new IllegalArgumentException("a flow runs either on the application's own ActorSystems "
                    + "(onSystem hosts) or on systems Sluice starts (inJvm, localhost), not on both: give every "
                    + "location onSystem hosts, or none");
        }
        if (EMBEDDING.get() > 0 && all.stream().anyMatch(LocalhostHost.class::isInstance)
                && !config.hasPath("sluice.localhost.main-class")) {
            throw new IllegalStateException("deployment.localhost() starts this program again in one JVM per member,"
                    + " from its main method, and this JVM is an application that embeds flows (an open deployment has onSystem hosts):"
                    + " each member would run the whole application. Run the flow on the application's systems"
                    + " (onSystem) or on inJvm() hosts, or set sluice.localhost.main-class to an entry point whose"
                    + " main only builds and deploys this flow");
        }
        this.graph = graph;
        this.placement = Map.copyOf(placement);
    }

    /**
     * Called by {@code FlowBuilder.deploy(this)} for a flow with spare nodes: takes the flow to
     * run. Not for user code.
     *
     * @throws IllegalArgumentException when the flow cannot be restarted (it reads a source that
     *                                  cannot replay, say), or its spares are the application's systems
     */
    @Override
    public synchronized void install(FlowGraph graph, Map<Integer, List<Host>> placement,
                                     Map<Integer, List<Host>> spares) {
        for (Map.Entry<Integer, List<Host>> e : spares.entrySet()) {
            for (Host h : e.getValue()) {
                if (!(h instanceof InJvmHost) && !(h instanceof LocalhostHost)) {
                    throw new IllegalArgumentException("spare host " + h.describe() + " of "
                            + graph.location(e.getKey()).label() + ": spares are nodes Sluice starts; use "
                            + "deployment.localhost() or deployment.inJvm()");
                }
            }
        }
        if (placement.values().stream().flatMap(List::stream).anyMatch(SystemHost.class::isInstance)) {
            throw new IllegalArgumentException("withSpares: a flow on the application's own systems (onSystem hosts)"
                    + " cannot restart members yet; deploy it without spares");
        }
        List<Integer> sizes = graph.locations().stream().map(l -> placement.get(l.id()).size()).toList();
        Failover.check(FlowPlan.of(graph, sizes), spares.keySet(), SnapshotSettings.interval(config).isPresent());
        install(graph, placement);
        this.spares = Map.copyOf(spares);
    }

    /**
     * Launches every member (or, on a member's JVM, joins the cluster as that member), forms the
     * cluster and wires the flow; returns once every member is up and wired (the start barrier),
     * before any source emits.
     *
     * @throws FlowFailedException when a member cannot start or join within
     *                             {@code sluice.join-timeout}, naming the missing ones
     */
    public synchronized void deploy() {
        if (graph == null) {
            throw new IllegalStateException("no flow to deploy: call flow.deploy(deployment) first");
        }
        if (run != null) {
            throw new IllegalStateException("deploy() was already called");
        }
        List<Integer> sizes = graph.locations().stream().map(l -> placement.get(l.id()).size()).toList();
        boolean embedded = placement.values().stream().flatMap(List::stream).anyMatch(SystemHost.class::isInstance);
        if (embedded) {
            run = new EmbeddedRun(graph, placement, config);
        } else if (NodeSettings.present(config)) {
            run = new NodeRun(graph, sizes, spares.keySet(), config);
        } else {
            run = new LauncherRun(graph, placement, spares, config);
        }
        LOG.debug("deploying {} locations with {} members", sizes.size(), sizes.stream().mapToInt(i -> i).sum());
        run.deploy();
    }

    /** Starts the sources. Call after {@link #deploy()}. */
    public synchronized void start() {
        if (run == null) {
            throw new IllegalStateException("start() before deploy(): deploy the flow first");
        }
        if (!started) {
            started = true;
            run.start();
        }
    }

    /**
     * Waits until every operator of every member has finished (every finite source has ended
     * and its elements have passed through every channel).
     *
     * @param timeout how long to wait at most
     * @return true when the flow completed, false when {@code timeout} passed first
     * @throws FlowFailedException when the flow failed
     */
    public boolean awaitCompletion(Duration timeout) {
        checkStarted("awaitCompletion()");
        return run.awaitCompletion(timeout);
    }

    /**
     * The flow's completion, without blocking a thread: the stage completes when every operator
     * of every member has finished, or fails with a {@link FlowFailedException} (naming where and
     * why) as soon as the flow fails. The non-blocking twin of {@link #awaitCompletion}.
     *
     * <pre>{@code
     * deployment.start();
     * deployment.completion().whenComplete((done, failure) ->
     *         replyTo.tell(failure == null ? new FlowDone() : new FlowFailed(failure.getMessage())));
     * }</pre>
     *
     * @return a stage that completes once, when the flow does, and runs its callbacks off the flow's
     *         threads (they may {@link #close()} the deployment); it cannot be completed from outside
     * @throws IllegalStateException before {@link #start()}
     */
    public CompletionStage<Void> completion() {
        checkStarted("completion()");
        // Callbacks run on a thread of their own, never on one of the flow's actors: one that
        // closes the deployment would otherwise wait for the actor it runs on to stop.
        return run.completion().whenCompleteAsync((done, failure) -> { }).minimalCompletionStage();
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
            run.awaitCompletion();
        } finally {
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    /**
     * Stops every member this deployment started (a launcher's children included) and, if it
     * was the last deployment in this JVM to capture printed lines, puts the real
     * {@code System.out} and {@code System.err} back. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (run != null) {
                run.stop();
            }
        } finally {
            if (capturing) {
                ConsoleCapture.release();
            }
            if (embeds) {
                EMBEDDING.decrementAndGet();
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * The lines the process printed so far (its latest {@code sluice.console.tail-lines}).
     *
     * @param process a process location of the deployed flow
     * @return the lines, oldest first, without the location's prefix
     */
    public List<String> stdout(Process<?> process) {
        return output(process.id(), 0);
    }

    /**
     * The lines member {@code member} of {@code cluster} printed so far (its latest
     * {@code sluice.console.tail-lines}).
     *
     * @param cluster a cluster location of the deployed flow
     * @param member  a member id of that cluster
     * @return the lines, oldest first, without the member's prefix
     */
    public List<String> stdout(Cluster<?> cluster, int member) {
        return output(cluster.id(), member);
    }

    /**
     * Where the port serving {@code external}'s clients listens (see
     * {@code Process.bidiExternalMany}), so that a client can connect: for {@code inJvm()} and
     * {@code onSystem} members the address the member's server bound; for {@code localhost()}
     * members the one the member's JVM reported (also logged at INFO as {@code external port of
     * <tag> listening on host:port}). On a hand-started node it is known only on the node that
     * hosts the port; the others name it in their configuration ({@code sluice.external."<tag>"}).
     *
     * <pre>{@code
     * deployment.deploy();
     * InetSocketAddress at = deployment.externalAddress(clients);
     * try (ExternalClient<String, String> c = ExternalClient.connect(at, String.class, String.class)) { ... }
     * }</pre>
     *
     * @param external an external of the deployed flow that a process serves
     * @return the bound address; waits for it up to {@code sluice.join-timeout} after {@link #deploy()}
     * @throws IllegalStateException    before {@link #deploy()}, when the port did not bind in time, or
     *                                  when this JVM cannot know it
     * @throws IllegalArgumentException when no process of the flow serves {@code external}
     */
    public java.net.InetSocketAddress externalAddress(io.sluice.dataflow.External<?> external) {
        Objects.requireNonNull(external, "external");
        Run deployed;
        synchronized (this) {
            if (run == null) {
                throw new IllegalStateException("externalAddress(" + external + "): call deploy() first");
            }
            deployed = run;
        }
        io.sluice.dataflow.ir.ExternalBinding binding = graph.externals().stream()
                .filter(b -> b.tag().equals(external.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("externalAddress(" + external + "): no process of "
                        + "this flow serves it; bind it with process.bidiExternalMany(external, ...)"));
        return deployed.externalAddress(binding, config.getDuration("sluice.join-timeout"));
    }

    /**
     * The members that ran again on another node after theirs was lost, oldest first: empty unless
     * the flow has spare nodes ({@code FlowBuilder.withSpares}) and lost a member. Known on the
     * program that launched the flow (and on the node hosting its coordinator).
     *
     * @return the restarts so far
     */
    public List<MemberRestart> restarts() {
        Run deployed;
        synchronized (this) {
            deployed = run;
        }
        if (deployed == null) {
            return List.of();
        }
        return deployed.restarts().stream().map(r -> new MemberRestart(r.member(), r.from(), r.to(),
                Instant.ofEpochMilli(r.noticedAt()), Instant.ofEpochMilli(r.runningAt()),
                r.snapshot() == 0 ? OptionalLong.empty() : OptionalLong.of(r.snapshot()))).toList();
    }

    /** The child JVMs this deployment launched: for tests that check none outlives it. */
    List<ProcessHandle> childProcesses() {
        return run instanceof LauncherRun launcher ? launcher.childProcesses() : List.of();
    }

    /**
     * Makes member {@code member} of {@code cluster} crash, to test a flow that survives the loss
     * of members: an {@code inJvm()} member's ActorSystem stops without leaving the cluster, a
     * {@code localhost()} member's JVM is killed. Returns once it is gone. This deployment then
     * downs its node at once, as it does a child whose JVM exited; the other members notice as
     * they would such a crash (once the failure detector finds the node unreachable). Only
     * members this program launched can be crashed.
     *
     * <pre>{@code
     * deployment.start();
     * deployment.crash(workers, 2);   // a flow that watches workers goes on without member 2
     * }</pre>
     *
     * @param cluster a cluster location of the deployed flow
     * @param member  the member to crash
     */
    public void crash(Cluster<?> cluster, int member) {
        Objects.requireNonNull(cluster, "cluster");
        crash(cluster.id(), member);
    }

    /**
     * Makes {@code process} crash, as {@link #crash(Cluster, int)} does a cluster's member: to
     * test what its loss does. A flow cannot go on without a process, so it fails, naming it.
     *
     * @param process a process location of the deployed flow
     */
    public void crash(Process<?> process) {
        Objects.requireNonNull(process, "process");
        crash(process.id(), 0);
    }

    private void crash(int location, int member) {
        checkStarted("crash()");
        checkMember(location, member);
        if (!(run instanceof LauncherRun launcher)) {
            throw new IllegalStateException("crash(): this flow's members run on systems this program did not launch"
                    + " (configured nodes or the application's own systems); only members this program launched"
                    + " can be crashed");
        }
        launcher.crash(new MemberKey(location, member));
    }

    private List<String> output(int location, int member) {
        if (run == null) {
            return List.of();
        }
        checkMember(location, member);
        return run.stdout(location, member);
    }

    private void checkMember(int location, int member) {
        int size = placement.get(location).size();
        if (member < 0 || member >= size) {
            throw new IllegalArgumentException("member " + member + " does not exist: "
                    + graph.location(location).label() + " has members 0.." + (size - 1));
        }
    }

    private void checkStarted(String method) {
        if (run == null || !started) {
            throw new IllegalStateException(method + " before deploy() and start(): deploy the flow and start it first");
        }
    }
}
