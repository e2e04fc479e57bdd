package io.sluice.testkit.sim;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.spi.MemberContext;
import io.sluice.plan.EdgeKind;
import io.sluice.plan.FlowPlan;
import io.sluice.plan.FlowPlan.EdgePlan;
import io.sluice.plan.FlowPlan.OperatorPlan;
import io.sluice.plan.FlowPlan.PortPlan;
import io.sluice.plan.FlowPlan.TickPlan;
import io.sluice.plan.FlowPlan.TickRole;
import io.sluice.plan.LoopPlan;
import io.sluice.runtime.logic.ExternalEndpoints;
import io.sluice.runtime.logic.OperatorLogic;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The scheduler: every operator of every member of a flow, in one thread, with every choice the
 * real network would make taken by a {@link Chooser}.
 *
 * <p>Channels are of two kinds. A channel is <em>asynchronous</em> when the order or timing of its
 * deliveries can change what the consumer does: it feeds a tick's {@code batch} or
 * {@code snapshot} (when the tick opens decides what it sees), a port with several senders (the
 * interleaving across members), an operator with several ports (a union, a join), or an operator
 * with a timer (a timeout, a sample). Every other channel is <em>eager</em>: what is put on it is
 * delivered at once, in order, which changes nothing a consumer with one port, one sender and no
 * timer could observe. Each step of the scheduler picks one of the enabled actions:
 * <ul>
 *   <li>deliver the oldest message of one asynchronous channel (order per channel is kept);</li>
 *   <li>open a tick on a member whose tick has something to enter it;</li>
 *   <li>fire the earliest timer, moving virtual time to it: only when nothing else is enabled, or,
 *       with a delivery delay, while nothing in flight has been waiting longer than that delay;</li>
 *   <li>crash a member that may crash, while anything else can happen ({@link Membership}).</li>
 * </ul>
 * and then runs every eager consequence to quiescence (a tick runs to its end within its step).
 * Sources emit one element per batch as soon as they can, so that every split of their output
 * into batches is a possible schedule.
 */
final class Engine {

    /** The virtual clock's origin: {@code Instant}s emitted by time operators count from it. */
    static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * The limits of one run.
     *
     * @param maxDelayNanos  how long a message may wait in flight while timers fire
     * @param timeLimitNanos how far virtual time may move while the test waits for output
     * @param maxSteps       how many steps the run may take
     */
    record Limits(long maxDelayNanos, long timeLimitNanos, long maxSteps) {
    }

    final FlowPlan plan;
    final List<Integer> sizes;
    final Trace trace;
    private final Limits limits;
    private final Chooser chooser;
    private final List<Cell> cells = new ArrayList<>();
    private final Cell[][] byNode;
    private final List<Cell> timed = new ArrayList<>();
    private final List<TickState> ticks = new ArrayList<>();
    private final Network network = new Network();
    private final Membership membership;
    private final ArrayDeque<Cell> woken = new ArrayDeque<>();
    private final boolean[] loopEnded;
    private final List<Action> actions = new ArrayList<>();
    private long now;
    private long steps;
    /** The operator whose logic runs now, for the console and the trace. */
    private Cell current;
    private final Thread owner = Thread.currentThread();
    /** An operator woken from another thread: the run fails at its next step. */
    private volatile Cell foreignWake;

    Engine(FlowGraph graph, List<Integer> sizes, Limits limits, Chooser chooser, Trace trace,
           ExternalEndpoints externals) {
        this.plan = FlowPlan.of(graph, sizes);
        this.sizes = List.copyOf(sizes);
        this.limits = limits;
        this.chooser = chooser;
        this.trace = trace;
        this.byNode = new Cell[graph.nodes().size()][];
        this.loopEnded = new boolean[plan.loops().size()];
        this.membership = new Membership(this, sizes, graph.watchedClusters());
        for (OperatorPlan op : plan.operators()) {
            int location = op.node().location();
            byNode[op.node().id()] = new Cell[sizes.get(location)];
            for (int m = 0; m < sizes.get(location); m++) {
                OperatorLogic logic = OperatorLogic.of(op, sizes, this::now, externals);
                Cell cell = new Cell(this, cells.size(), op, m, new MemberContext(location, m, sizes), logic);
                cells.add(cell);
                byNode[op.node().id()][m] = cell;
                if (cell.hasTimer()) {
                    timed.add(cell);
                }
            }
        }
        for (Cell cell : cells) {
            wire(cell);
        }
        for (TickPlan t : plan.ticks()) {
            for (int m = 0; m < sizes.get(t.location()); m++) {
                int member = m;
                List<Cell> entries = t.entries().stream().map(id -> byNode[id][member]).toList();
                TickState state = new TickState(t, m, entries);
                entries.forEach(e -> e.clock = state);
                ticks.add(state);
            }
        }
    }

    private void wire(Cell cell) {
        OperatorPlan op = cell.plan;
        List<EdgePlan> edges = op.edges();
        SimOutlet.Edge[] out = new SimOutlet.Edge[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            EdgePlan edge = edges.get(e);
            Cell[] consumers = byNode[edge.consumer()];
            Channel[] targets = new Channel[edge.kind() == EdgeKind.LOCAL ? 1 : edge.targets()];
            for (int t = 0; t < targets.length; t++) {
                Cell to = edge.kind() == EdgeKind.LOCAL ? consumers[cell.member] : consumers[t];
                int sender = edge.kind() == EdgeKind.LOCAL ? 0 : cell.member;
                targets[t] = network.open(cell, to, edge.consumerPort(), sender,
                        isAsync(to, to.plan.ports().get(edge.consumerPort())));
            }
            out[e] = new SimOutlet.Edge(edge.kind(), targets, edge.consumerOrigin());
        }
        Node node = op.node();
        cell.outlet = new SimOutlet(this, node.origin(), out,
                node instanceof Node.SourceInterval || node instanceof Node.Timeout);
        call(cell, cell.logic::onWired);
    }

    /** Whether deliveries to {@code port} of {@code to} are the scheduler's choices (see the class comment). */
    private static boolean isAsync(Cell to, PortPlan port) {
        if (to.plan.receivesTicks()) {
            return false;
        }
        return to.plan.role() == TickRole.FEEDING_ENTRY || port.senders() > 1 || to.plan.ports().size() > 1
                || to.hasTimer();
    }

    // ----- the run -----

    /** Starts every operator (sources last, so that every consumer has started), then runs what follows. */
    void start() {
        trace.started(cells.size());
        for (Cell c : cells) {
            if (!c.pulled) {
                c.start();
            }
        }
        for (Cell c : cells) {
            if (c.pulled) {
                c.start();
            }
        }
        drain();
    }

    long now() {
        return now;
    }

    Instant instant() {
        return EPOCH.plusNanos(now);
    }

    Cell current() {
        return current;
    }

    /** Whether every operator of every member has ended: the flow completed. */
    boolean completed() {
        for (Cell c : cells) {
            if (c.phase != Cell.Phase.ENDED) {
                return false;
            }
        }
        return true;
    }

    /** Runs steps until {@code done}, or until nothing can happen before virtual time {@code horizon}. */
    boolean runUntil(BooleanSupplier done, long horizon) {
        drain();
        while (!done.getAsBoolean()) {
            if (!step(horizon) && !endQuiescentLoops() && !settleMembership(true)) {
                return false;
            }
        }
        return true;
    }

    /** Runs everything that can happen up to {@code nanos} from now, then moves the clock there. */
    void advance(long nanos) {
        long target = Math.addExact(now, nanos);
        long from = now;
        runUntil(() -> false, target);
        now = Math.max(now, target);
        trace.advanced(from, now);
    }

    /** Lets everything in flight arrive, without moving virtual time past timers not yet due. */
    void settle() {
        runUntil(() -> false, now);
    }

    long timeLimit() {
        return limits.timeLimitNanos();
    }

    /** Input handed to a source from the test's code: its consequences run now. */
    void afterInput() {
        drain();
    }

    // ----- what operators call -----

    /** Puts a batch on a channel (see {@link Network#send}). */
    void send(Channel c, Object[] elements, boolean tickEnd) {
        network.send(c, elements, tickEnd, now);
    }

    /** Ends a channel after what is on it. */
    void sendEnd(Channel c) {
        network.sendEnd(c, now);
    }

    /** An asynchronous logic asked to be woken; from another thread, the run fails (it runs in one thread). */
    void wake(Cell cell) {
        if (Thread.currentThread() != owner) {
            foreignWake = cell;
            return;
        }
        woken.add(cell);
    }

    private void checkThreads() {
        Cell c = foreignWake;
        if (c != null) {
            throw new OperatorFailure(c.plan.node().origin() + " on " + Trace.member(plan, c) + " was handed work from "
                    + "another thread (a future completed, or a publisher emitted, there); the simulator runs every "
                    + "operator in the test's thread: use futures that are complete when returned, and publishers "
                    + "that emit on the thread that calls them", null);
        }
    }

    void countStep() {
        if (++steps > limits.maxSteps()) {
            throw new SimulationLimitException("the run took more than " + limits.maxSteps() + " steps (deliveries, "
                    + "ticks, timers and source elements) without the test finishing: a source that never ends, or a "
                    + "loop that keeps circulating, at virtual time " + java.time.Duration.ofNanos(now)
                    + "; raise Simulation.maxSteps or give the run less to do");
        }
    }

    /** Runs {@code body} as operator code of {@code cell}'s member; a failure names the operator. */
    void call(Cell cell, Runnable body) {
        Cell before = current;
        current = cell;
        MemberContext previous = MemberContext.enter(cell.context);
        try {
            body.run();
        } catch (OperatorFailure | SimulationLimitException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new OperatorFailure(cell.plan.node().origin() + " failed on " + Trace.member(plan, cell) + ": " + e, e);
        } finally {
            MemberContext.restore(previous);
            current = before;
        }
    }

    // ----- scheduling -----

    private boolean step(long horizon) {
        List<Action> enabled = enabled(horizon);
        if (enabled.isEmpty()) {
            return false;
        }
        int n = enabled.size();
        int k = n == 1 ? 0 : chooser.choose(n);
        Action action = enabled.get(k);
        countStep();
        if (action instanceof Action.Deliver d) {
            deliverHead(d.channel(), k, n);
        } else if (action instanceof Action.Open o) {
            open(o.tick(), k, n);
        } else if (action instanceof Action.Fire f) {
            now = Math.max(now, f.cell().nextFire);
            trace.fired(f.cell(), k, n, now);
            f.cell().fire();
        } else if (action instanceof Action.Crash c) {
            membership.crash(c.location(), c.member(), k, n);
        }
        drain();
        return true;
    }

    private void deliverHead(Channel c, int k, int n) {
        Message m = network.take(c);
        trace.delivered(c, m, k, n, now);
        c.to.receive(c.port, c.sender, m);
    }

    /** Opens a tick: every entry emits what enters it, and the tick runs to its end (in {@link #drain}). */
    private void open(TickState t, int k, int n) {
        t.opened++;
        t.openableSince = -1;
        List<List<Object>> entered = new ArrayList<>();
        for (Cell e : t.entries) {
            List<Object> emitted = new ArrayList<>();
            e.outlet.capture(emitted);
            try {
                e.openTick();
            } finally {
                e.outlet.capture(null);
            }
            entered.add(emitted);
        }
        trace.tickOpened(t, entered, k, n, now);
    }

    private List<Action> enabled(long horizon) {
        actions.clear();
        long deadline = Long.MAX_VALUE;
        for (Channel c = network.nextPending(0); c != null; c = network.nextPending(c.id + 1)) {
            actions.add(new Action.Deliver(c));
            deadline = Math.min(deadline, saturatedAdd(c.queue.peek().sentAt(), limits.maxDelayNanos()));
        }
        for (TickState t : ticks) {
            if (t.openable()) {
                if (t.openableSince < 0) {
                    t.openableSince = now;
                }
                actions.add(new Action.Open(t));
                deadline = Math.min(deadline, saturatedAdd(t.openableSince, limits.maxDelayNanos()));
            } else {
                t.openableSince = -1;
            }
        }
        Cell next = null;
        for (Cell c : timed) {
            if (c.started && c.phase != Cell.Phase.ENDED && (next == null || c.nextFire < next.nextFire)) {
                next = c;
            }
        }
        if (next != null && next.nextFire <= horizon
                && (actions.isEmpty() || (limits.maxDelayNanos() > 0 && next.nextFire <= deadline))) {
            actions.add(new Action.Fire(next));
        }
        // a crash may come before anything else that can happen (never once nothing else can)
        if (!actions.isEmpty()) {
            actions.addAll(membership.possibleCrashes());
        }
        return actions;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** Runs every eager consequence: eager deliveries, wake-ups, channel ends, clocks that stop. */
    private void drain() {
        checkThreads();
        while (true) {
            Channel c = network.nextDue();
            if (c != null) {
                Message m = c.queue.poll();
                if (m != null) {
                    countStep();
                    c.to.receive(c.port, c.sender, m);
                }
                continue;
            }
            Cell w = woken.poll();
            if (w != null) {
                w.wake();
                continue;
            }
            if (network.endsWaiting() && deliverEnds()) {
                continue;
            }
            if (stopClocks() || membership.settle(false)) {
                continue;
            }
            return;
        }
    }

    /** Ends waiting at the head of asynchronous channels arrive at once: when they do changes nothing observable. */
    private boolean deliverEnds() {
        boolean any = false;
        for (Channel c = network.nextPending(0); c != null; c = network.nextPending(c.id + 1)) {
            if (c.queue.peek().end()) {
                c.to.receive(c.port, c.sender, network.take(c));
                any = true;
            }
        }
        return any;
    }

    private boolean stopClocks() {
        boolean any = false;
        for (TickState t : ticks) {
            any |= t.stopIfDone();
        }
        return any;
    }

    // ----- members that crash -----

    /** Member {@code member} of {@code location} may crash at any later step: the scheduler chooses when. */
    void mayCrash(int location, int member) {
        checkMember(location, member);
        membership.mayCrash(location, member);
    }

    /** Member {@code member} of {@code location} crashes now. */
    void crashNow(int location, int member) {
        checkMember(location, member);
        membership.crash(location, member, 0, 1);
        drain();
    }

    private void checkMember(int location, int member) {
        if (location < 0 || location >= sizes.size() || member < 0 || member >= sizes.get(location)) {
            throw new IllegalArgumentException("no member " + member + " of location " + location + " in this flow");
        }
    }

    /** Settles watched clusters (see {@link Membership#settle}), running what follows. */
    private boolean settleMembership(boolean quiescent) {
        if (!membership.settle(quiescent)) {
            return false;
        }
        drain();
        return true;
    }

    List<Cell> cells() {
        return cells;
    }

    List<TickState> ticks() {
        return ticks;
    }

    Network network() {
        return network;
    }

    /**
     * Nothing can happen: ends the loops whose region is quiet (as the runtime's waves do), so that
     * a finite flow with feedback completes. Returns whether one ended.
     */
    private boolean endQuiescentLoops() {
        boolean any = false;
        for (LoopPlan loop : plan.loops()) {
            if (loopEnded[loop.id()] || !quiet(loop.region())) {
                continue;
            }
            loopEnded[loop.id()] = true;
            any = true;
            trace.loopEnded(loop.id(), now);
            Set<Integer> nodes = new HashSet<>(loop.nodes());
            for (int id : loop.nodes()) {
                for (Cell c : byNode[id]) {
                    c.endLoop(nodes);
                }
            }
            drain();
        }
        return any;
    }

    private boolean quiet(Set<Integer> region) {
        for (int id : region) {
            for (Cell c : byNode[id]) {
                if (!c.isQuiet()) {
                    return false;
                }
            }
        }
        return true;
    }
}
