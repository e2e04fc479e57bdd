package io.sluice.testkit.sim;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.Deployer;
import io.sluice.dataflow.External;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.SourceQueue;
import io.sluice.dataflow.Stream;
import io.sluice.dataflow.ir.FlowGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One simulated run: the deployer a test's flow is deployed on ({@code flow.deploy(sim)}), and the
 * test's handle on the run: inputs it sends, outputs it reads, virtual time it moves. Every member
 * of every location runs in the test's thread; the {@link Simulation} decides every
 * nondeterministic choice (which tick an input falls into, which sender's message arrives first,
 * when a timer fires relative to messages in flight).
 *
 * <pre>{@code
 * Simulation.fuzz(1_000).run(sim -> {
 *     FlowBuilder flow = new FlowBuilder();
 *     Process<Leader> leader = flow.process(Leader.class);
 *     Cluster<Worker> workers = flow.cluster(Worker.class);
 *     SimInput<Integer, Leader> in = sim.input(leader);
 *     SimOutput<Integer> out = sim.output(in.stream().roundRobin(workers).map(n -> n * 2).sendAnonymous(leader));
 *     flow.withProcess(leader, sim.host())
 *         .withCluster(workers, Collections.nCopies(3, sim.host()))
 *         .deploy(sim);
 *     in.sendAll(1, 2, 3);
 *     out.assertYieldsUnordered(2, 4, 6);
 * });
 * }</pre>
 *
 * <p>Time is virtual: it moves only through {@link #advance} and while an output's
 * {@code assertYields} waits for elements that only a timer will produce, never with the wall
 * clock; {@code Instant}s that {@code sourceInterval} and {@code timeout} emit count from
 * 2000-01-01T00:00:00Z.
 */
public final class Sim implements Deployer {

    private final Engine.Limits limits;
    private final Chooser chooser;
    private final Trace trace = new Trace();
    private final List<List<List<String>>> printed = new ArrayList<>();
    private final SimExternals externals = new SimExternals(this);
    private int handles;
    private Engine engine;

    Sim(Engine.Limits limits, Chooser chooser) {
        this.limits = limits;
        this.chooser = chooser;
    }

    /**
     * Where a member runs in the simulator; give it for every member.
     *
     * <pre>{@code
     * flow.withProcess(leader, sim.host()).withCluster(workers, Collections.nCopies(3, sim.host())).deploy(sim);
     * }</pre>
     *
     * @return the simulator's host
     */
    public Host host() {
        return SimHost.INSTANCE;
    }

    /**
     * A stream on {@code at} fed by the test while the run goes on (a {@code sourceQueue} the
     * simulator drives): Hydro's {@code sim_input}.
     *
     * @param at  the process the input enters
     * @param <T> the element type
     * @param <P> the process's tag
     * @return the input handle; its {@link SimInput#stream()} is the stream to build on
     */
    public <T, P> SimInput<T, P> input(Process<P> at) {
        Objects.requireNonNull(at, "at");
        SourceQueue<T> queue = SourceQueue.bounded(SimInput.CAPACITY);
        String name = "input " + (handles++) + " at " + at.name().substring(at.name().lastIndexOf('.') + 1);
        trace.input(queue, name);
        return new SimInput<>(this, name, queue, at.sourceQueue(queue));
    }

    /**
     * Collects every element of {@code stream} (of any location, every member's) for the test
     * to check: Hydro's {@code sim_output}. Consumes the stream.
     *
     * @param stream the stream to read
     * @param <T>    the element type
     * @return the output handle
     */
    public <T> SimOutput<T> output(Stream<T, ?> stream) {
        Objects.requireNonNull(stream, "stream");
        SimOutput<T> out = new SimOutput<>(this, "output " + (handles++));
        stream.forEach(out::add);
        return out;
    }

    /**
     * A client of the external port that serves {@code external} ({@code bidiExternalMany}),
     * connected now: the flow sees it as {@code CONNECTED}, with the next client id (0 for the
     * port's first). It may connect before the flow is deployed.
     *
     * <pre>{@code
     * SimClient<String, String> client = sim.connect(clients, String.class, String.class);
     * client.send("this is some string");
     * client.replies().assertYields("hi: this is some string");
     * }</pre>
     *
     * @param external the clients' External
     * @param request  the requests' class, as the port was bound
     * @param response the replies' class, as the port was bound
     * @param <Req>    the request type
     * @param <Resp>   the reply type
     * @return the connected client
     */
    public <Req, Resp> SimClient<Req, Resp> connect(External<?> external, Class<Req> request, Class<Resp> response) {
        Objects.requireNonNull(external, "external");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        String name = "client " + (handles++) + " of " + external.name().substring(external.name().lastIndexOf('.') + 1);
        return new SimClient<>(this, externals.port(external.name()), name, response);
    }

    /**
     * Called by {@code flow.deploy(sim)}: plans the flow and starts it (sources emit, what they
     * emit goes as far as it can without a scheduling choice).
     *
     * @param graph     the validated flow
     * @param placement every location's hosts, all {@link #host()}
     * @throws IllegalStateException when the run already has a flow, or a host is not the simulator's
     */
    @Override
    public void install(FlowGraph graph, Map<Integer, List<Host>> placement) {
        if (engine != null) {
            throw new IllegalStateException("this run already has a flow: deploy one flow per run");
        }
        List<Integer> sizes = new ArrayList<>();
        for (int l = 0; l < graph.locations().size(); l++) {
            List<Host> hosts = placement.get(l);
            for (Host h : hosts) {
                if (!(h instanceof SimHost)) {
                    throw new IllegalStateException(graph.location(l).label() + " is placed on " + h.describe()
                            + "; in a simulation every member's host is sim.host()");
                }
            }
            sizes.add(hosts.size());
            List<List<String>> members = new ArrayList<>();
            for (int m = 0; m < hosts.size(); m++) {
                members.add(new ArrayList<>());
            }
            printed.add(members);
        }
        engine = new Engine(graph, sizes, limits, chooser, trace, externals);
        trace.plan(engine.plan);
        engine.start();
    }

    /**
     * Lets everything in flight arrive and every tick that can open run, in the order the
     * simulation chooses, without moving virtual time past a timer not yet due.
     */
    public void settle() {
        engine().settle();
    }

    /**
     * Moves virtual time forward by {@code duration}, running everything that happens meanwhile
     * (timers fire at their virtual instants).
     *
     * <pre>{@code
     * sim.advance(Duration.ofMinutes(9));   // takes microseconds
     * }</pre>
     *
     * @param duration how far; not negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("advance(" + duration + "): time only moves forward");
        }
        engine().advance(duration.toNanos());
    }

    /**
     * Crashes member {@code member} of {@code cluster} now, as a real member's node would: it
     * stops where it stands, and what it had in flight or was sent is lost. If the flow watches the
     * cluster ({@code sourceClusterMembers}), it goes on without the member (round robin and
     * broadcast skip it, the watchers get {@code LEFT}); otherwise the run fails, as the flow
     * would on a real cluster.
     *
     * <pre>{@code
     * out.assertYields(first);
     * sim.crash(workers, 1);
     * }</pre>
     *
     * @param cluster a cluster of the deployed flow
     * @param member  a member id
     */
    public void crash(Cluster<?> cluster, int member) {
        engine().crashNow(cluster.id(), member);
    }

    /**
     * Lets member {@code member} of {@code cluster} crash at any later step of the run, chosen
     * by the simulation as it chooses every other event (see {@link #crash}): {@code fuzz} and
     * {@code exhaustive} then explore crashes at every point, including after the flow's work is
     * done.
     *
     * <pre>{@code
     * flow.withProcess(leader, sim.host()).withCluster(workers, Collections.nCopies(3, sim.host())).deploy(sim);
     * sim.mayCrash(workers, 1);
     * }</pre>
     *
     * @param cluster a cluster of the deployed flow
     * @param member  a member id
     */
    public void mayCrash(Cluster<?> cluster, int member) {
        engine().mayCrash(cluster.id(), member);
    }

    /**
     * The virtual time now.
     *
     * @return 2000-01-01T00:00:00Z plus the virtual time since the start
     */
    public Instant now() {
        return engine().instant();
    }

    /**
     * Whether the flow has completed: every operator of every member has ended (call
     * {@link #settle()} first to let it).
     *
     * @return whether it completed
     */
    public boolean completed() {
        return engine().completed();
    }

    /**
     * The lines the process printed so far, as {@code Deployment.stdout} gives them.
     *
     * @param process a process of the deployed flow
     * @return its lines, oldest first
     */
    public List<String> stdout(Process<?> process) {
        return List.copyOf(printed(process.id(), 0));
    }

    /**
     * The lines member {@code member} of {@code cluster} printed so far.
     *
     * @param cluster a cluster of the deployed flow
     * @param member  a member id
     * @return its lines, oldest first
     */
    public List<String> stdout(Cluster<?> cluster, int member) {
        return List.copyOf(printed(cluster.id(), member));
    }

    /**
     * This run's trace so far: every step, with the choices the simulation made.
     *
     * @return one numbered line per step
     */
    public String trace() {
        return trace.render();
    }

    // ----- for the handles and the simulation -----

    Engine engine() {
        if (engine == null) {
            throw new IllegalStateException("deploy the flow first: flow.withProcess(p, sim.host())...deploy(sim)");
        }
        return engine;
    }

    Trace traceLog() {
        return trace;
    }

    long virtualNanos() {
        return engine == null ? 0 : engine.now();
    }

    /** Runs until {@code done}, letting virtual time move up to the run's limit; returns whether it got there. */
    boolean awaitCondition(BooleanSupplier done) {
        Engine e = engine();
        return e.runUntil(done, e.timeLimit());
    }

    /** An input was handed over: its consequences run now (nothing before the flow is deployed). */
    void afterInput() {
        if (engine != null) {
            engine.afterInput();
        }
    }

    Cell currentCell() {
        return engine == null ? null : engine.current();
    }

    /** The sink of the member whose operator code runs now, for the console router. */
    ConsoleRouter.Target consoleTarget() {
        return () -> {
            Cell c = currentCell();
            if (c == null) {
                return null;
            }
            List<String> lines = printed(c.plan.node().location(), c.member);
            Consumer<String> sink = lines::add;
            return sink;
        };
    }

    private List<String> printed(int location, int member) {
        if (location >= printed.size() || member >= printed.get(location).size()) {
            throw new IllegalArgumentException("no member " + member + " of location " + location + " in this flow");
        }
        return printed.get(location).get(member);
    }
}
