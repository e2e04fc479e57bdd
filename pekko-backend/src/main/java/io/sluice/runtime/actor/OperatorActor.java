package io.sluice.runtime.actor;

import io.sluice.dataflow.ir.Origin;
import io.sluice.plan.EdgeKind;
import io.sluice.plan.FlowPlan.EdgePlan;
import io.sluice.plan.FlowPlan.OperatorPlan;
import io.sluice.plan.FlowPlan.PortPlan;
import io.sluice.plan.FlowPlan;
import io.sluice.plan.Snapshots;
import io.sluice.runtime.channel.InPort;
import io.sluice.runtime.channel.LossReport;
import io.sluice.runtime.channel.OutChannel;
import io.sluice.runtime.channel.Outlet;
import io.sluice.runtime.external.ExternalServers;
import io.sluice.runtime.logic.ChainFailure;
import io.sluice.runtime.logic.ChainLinks;
import io.sluice.runtime.logic.Emitter;
import io.sluice.runtime.logic.MemberFeeds;
import io.sluice.runtime.logic.NullElementException;
import io.sluice.runtime.logic.OperatorLogic;
import io.sluice.runtime.scope.MemberScope;
import io.sluice.runtime.wire.LocalBatch;
import io.sluice.runtime.wire.OperatorMessage;
import io.sluice.runtime.wire.WireMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One operator of one member: receives batches on its input ports, runs the operator's logic
 * on them, and sends the results along its out-edges, under credit-based flow control.
 *
 * <p>An input batch is acknowledged once its results have all been handed to the network or to
 * local consumers (no output waits for credit); until then its ack is held, so a slow consumer
 * slows its producers, transitively up to the sources. Acks are coalesced: only the batches that
 * ask for it, and the end of a channel, make an ack due (see {@link InPort}). A source emits one
 * round of batches at a time (a full batch per target, {@link Outlet#pullSize()}) while its
 * outputs are idle, and yields to its mailbox between rounds so acks get through.
 *
 * <p>Ticks: an operator inside a tick handles each port's batches up to that port's tick marker;
 * when every port has closed the tick it emits the tick's result and passes the marker on (or,
 * as a terminal, reports the tick done to the member's {@link TickClock}). A tick entry emits
 * when the clock opens a tick and announces to it that it has data for the next one.
 *
 * <p>Lifecycle ({@link Phase}): wired by {@code Connect}, started by {@code Start} (input from
 * members that started first is handled before, but the outputs end only after the start).
 * When every sender of every port has ended (a source: when it is
 * {@linkplain OperatorLogic#isExhausted exhausted}; a tick entry: when its clock stops), the
 * operator ends all its channels and, once every batch is acknowledged and its
 * inputs have ended, reports itself done to its member. A failure in user code or a lost batch is
 * reported to the member and stops the operator: nothing is dropped silently.
 *
 * <p>Asynchronous logic (a publisher source, a subscriber sink, futures): other threads hand
 * things over to the logic and wake the operator with a {@code Wake} (at most one in flight per
 * logic); a pulled source is re-pulled only when it {@linkplain OperatorLogic#isReady is ready},
 * so one with nothing buffered waits for its wake-up instead of spinning; an operator whose inputs
 * have ended waits while its logic {@linkplain OperatorLogic#holdsEnd holds its end}; and when
 * the actor stops, for whatever reason, the logic {@linkplain OperatorLogic#onStop releases}
 * what lives outside it. Operators without such logic pay nothing for it per batch.
 *
 * <p>Members that leave early (only those of a cluster the flow watches): the operator stops
 * expecting input from such a member (its channels end where they stand) and stops sending to
 * it. What it had sent that was not acknowledged, and what it addresses to the member later, is
 * logged at WARN as possibly lost or dropped.
 */
public final class OperatorActor extends AbstractBehavior<OperatorMessage> {

    /** Where the operator is in its life; every phase but {@code FAILED} handles every message. */
    private enum Phase {
        /** Spawned: waits for its channels ({@code Connect}). */
        UNWIRED,
        /** Wired: waits for {@code Start}. */
        WIRED,
        /** Started: a source emits, a timer runs. */
        RUNNING,
        /**
         * Its outputs end as soon as nothing waits for credit: its inputs have ended (a tick
         * entry: its clock stopped), possibly before it was started.
         */
        FINISHING,
        /** Its outputs have ended: waits for their acks and for its inputs to end. */
        ENDING,
        /** Reported done to its member. */
        DONE,
        /** Reported a failure to its member: ignores every message. */
        FAILED
    }

    private final OperatorPlan plan;
    private final int member;
    private final MemberScope scope;
    private final RuntimeSettings settings;
    private final ActorRef<MemberMessage> parent;
    /** The member's incarnation this operator belongs to, which its reports to the member carry. */
    private final int incarnation;
    private final OperatorLogic logic;
    /** Whether the logic is a pulled source, which emits in rounds. */
    private final boolean pulled;
    private final InPort[] ports;
    private final TickAlignment alignment;
    private final TimerScheduler<OperatorMessage> timers;
    private final LossReport losses;
    /** How an asynchronous logic wakes this operator from another thread. */
    private final Runnable wake;
    private final BatchScreen screen;
    /** Made once: the screen asks for a sender's address only when it refuses a batch. */
    private final BatchScreen.SenderAddress senderAddress = this::senderAddress;
    private Phase phase = Phase.UNWIRED;
    /**
     * {@code Start} came. Input from members that started first is handled before, but the
     * outputs end only after the logic started: it completes after it began.
     */
    private boolean started;
    /** Every sender of every port has ended (a source: it is exhausted). */
    private boolean inputsDone;
    /** A source's {@code Pull} is in the mailbox. */
    private boolean pullScheduled;
    /** A tick entry told its clock that it has data for the next tick. */
    private boolean announced;
    private Optional<ActorRef<TickClock.Message>> clock = Optional.empty();
    private long ticksFinished;
    private Outlet outlet;
    /** Where the logic emits: the outlet, through the chained operators' links if there are any. */
    private Emitter out;
    /** The chained operators that run in this actor after its own, in order (see {@code Chains}). */
    private final List<OperatorPlan> links;
    /** The operator whose out-edges the outlet serves: the last link, or this operator. */
    private final OperatorPlan output;
    private List<List<ActorRef<OperatorMessage>>> portSenders = List.of();
    private final BarrierAlignment barriers;
    /** What this operator's state is to a snapshot. */
    private final Snapshots.Kind snapshotKind;
    /** The state to start from, when the flow restarted from a snapshot: ended, then the logic's. */
    private final Optional<Object[]> restored;
    /** Restored as an operator whose outputs had ended: it ends them again, emitting nothing. */
    private boolean restoredEnded;
    /** Whether the barriers it gets go on from it: at top level, and from a tick's exits. */
    private final boolean passesBarriers;
    /** An operator of a tick other than a feeding entry: the latest snapshot the member asked for. */
    private long tickSnapshotAsked;
    /** ... and the latest it recorded its state for. */
    private long tickSnapshotTaken;
    /** A feeding tick entry: the latest snapshot whose barrier it told its clock has reached it. */
    private long barrierReported;

    private OperatorActor(ActorContext<OperatorMessage> context, TimerScheduler<OperatorMessage> timers,
                          OperatorPlan plan, List<Integer> sizes, int member, MemberScope scope,
                          RuntimeSettings settings, ActorRef<MemberMessage> parent, int incarnation,
                          Optional<Object[]> restored, MemberFeeds feeds, List<OperatorPlan> links) {
        super(context);
        this.restored = restored;
        this.links = List.copyOf(links);
        this.output = links.isEmpty() ? plan : links.get(links.size() - 1);
        this.snapshotKind = Snapshots.kindOf(plan);
        this.timers = timers;
        this.plan = plan;
        this.member = member;
        this.scope = scope;
        this.settings = settings;
        this.parent = parent;
        this.incarnation = incarnation;
        this.logic = OperatorLogic.of(plan, sizes, System::nanoTime,
                new ExternalServers(context.getSystem(), settings.codec()), feeds);
        this.pulled = logic.isPulled();
        this.ports = new InPort[plan.ports().size()];
        this.alignment = new TickAlignment(ports.length);
        this.losses = new LossReport(plan.node().origin(), context.getLog());
        ActorRef<OperatorMessage> self = context.getSelf();
        this.wake = () -> self.tell(new OperatorControl.Wake());
        for (int p = 0; p < ports.length; p++) {
            ports[p] = new InPort(plan.ports().get(p).senders());
        }
        this.screen = new BatchScreen(plan.node().origin().toString(), ports, context.getLog());
        this.barriers = new BarrierAlignment(ports);
        this.passesBarriers = plan.role() == FlowPlan.TickRole.NONE
                || plan.role() == FlowPlan.TickRole.TERMINAL && !output.edges().isEmpty();
    }

    /** The operator, starting from empty state. */
    static Behavior<OperatorMessage> create(OperatorPlan plan, List<Integer> sizes, int member, MemberScope scope,
                                            RuntimeSettings settings, ActorRef<MemberMessage> parent,
                                            int incarnation) {
        return create(plan, sizes, member, scope, settings, parent, incarnation, Optional.empty(), MemberFeeds.NONE,
                List.of());
    }

    /**
     * The operator, starting from {@code restored} when present: its part of a snapshot (ended,
     * then its logic's state). A run-time source reads its member's {@code feeds}. The operators
     * of {@code links} (element-wise, each the only consumer of the one before) run in this
     * actor after it, and the last one's out-edges are the actor's.
     */
    static Behavior<OperatorMessage> create(OperatorPlan plan, List<Integer> sizes, int member, MemberScope scope,
                                            RuntimeSettings settings, ActorRef<MemberMessage> parent,
                                            int incarnation, Optional<Object[]> restored, MemberFeeds feeds,
                                            List<OperatorPlan> links) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new OperatorActor(ctx, timers, plan, sizes,
                member, scope, settings, parent, incarnation, restored, feeds, links)));
    }

    @Override
    public Receive<OperatorMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(LocalBatch.class, b -> guarded(() -> onLocalBatch(b)))
                .onMessage(WireMessage.Batch.class, b -> guarded(() -> onWireBatch(b)))
                .onMessage(WireMessage.End.class, e -> guarded(() -> {
                    if (screen.admits(e, senderAddress)) {
                        onEnd(e);
                    }
                }))
                .onMessage(WireMessage.Barrier.class, b -> guarded(() -> {
                    if (screen.admits(b, senderAddress)) {
                        onBarrier(b);
                    }
                }))
                .onMessage(OperatorControl.TakeSnapshot.class, t -> guarded(() -> onTakeSnapshot(t.snapshot())))
                .onMessage(OperatorControl.SnapshotComplete.class, c -> guarded(() -> snapshotComplete(c.snapshot())))
                .onMessage(OperatorControl.SnapshotsStopped.class, t -> guarded(this::snapshotsStopped))
                .onMessage(OperatorControl.TickSnapshot.class, t -> guarded(() -> onTickSnapshot(t.snapshot())))
                .onMessage(WireMessage.Ack.class, a -> guarded(() -> {
                    if (outlet != null && outlet.hasChannel(a.edge(), a.target())) {
                        onAck(a);
                    } else {
                        screen.strayAck(a);
                    }
                }))
                .onMessage(OperatorControl.Connect.class, c -> guarded(() -> connect(c)))
                .onMessage(OperatorControl.Start.class, s -> guarded(this::start))
                .onMessage(OperatorControl.Pull.class, p -> guarded(this::pull))
                .onMessage(OperatorControl.Wake.class, w -> guarded(this::wake))
                .onMessage(OperatorControl.OpenTick.class, t -> guarded(this::openTick))
                .onMessage(OperatorControl.StopTicks.class, t -> guarded(this::stopTicks))
                .onMessage(OperatorControl.Timer.class, t -> guarded(this::onTimer))
                .onMessage(OperatorControl.PeerLeft.class, l -> guarded(() -> onPeerLeft(l)))
                .onMessage(OperatorControl.ClusterSettled.class, s -> guarded(() -> onSettled(s)))
                .onMessage(OperatorControl.ProbeLoop.class, p -> guarded(() -> onProbeLoop(p)))
                .onMessage(OperatorControl.EndLoop.class, e -> guarded(() -> endLoop(e.loop())))
                .onMessage(OperatorControl.FlowFailed.class, f -> flowFailed(f.reason()))
                .onSignal(PostStop.class, s -> stopped())
                .build();
    }

    private Behavior<OperatorMessage> guarded(Runnable handler) {
        if (phase == Phase.FAILED) {
            return this;
        }
        try {
            handler.run();
        } catch (RuntimeException | LinkageError e) {
            phase = Phase.FAILED;
            parent.tell(new MemberMessage.OperatorFailed(incarnation, plan.node().id(), describe(e)));
        }
        return this;
    }

    private void connect(OperatorControl.Connect connect) {
        Address self = getContext().getSystem().address();
        List<EdgePlan> edges = output.edges();
        Outlet.OutEdge[] outEdges = new Outlet.OutEdge[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            EdgePlan edge = edges.get(e);
            List<ActorRef<OperatorMessage>> targets = connect.edgeTargets().get(e);
            OutChannel[] channels = new OutChannel[targets.size()];
            int sender = edge.kind() == EdgeKind.LOCAL ? 0 : member;
            for (int t = 0; t < targets.size(); t++) {
                boolean remote = isRemote(targets.get(t), self);
                channels[t] = new OutChannel(targets.get(t)::tell, edge.consumerPort(), sender, remote,
                        settings.window(), settings.maxBytes(), settings.codec());
            }
            outEdges[e] = new Outlet.OutEdge(edge.kind(), edge.consumerLocation(), edge.consumerOrigin(), channels);
        }
        outlet = new Outlet(output.node().origin(), outEdges, settings.maxBatch());
        out = ChainLinks.of(plan.node(), links.stream().map(OperatorPlan::node).toList(), outlet);
        portSenders = connect.portSenders();
        clock = connect.clock();
        restored.ifPresent(this::restore);
        if (phase == Phase.UNWIRED) {
            phase = Phase.WIRED;
            scope.run(logic::onWired);
        }
    }

    private static boolean isRemote(ActorRef<?> ref, Address self) {
        Address address = ref.path().address();
        return address.hasGlobalScope() && !address.equals(self);
    }

    /**
     * Starts the logic, its timer and, for a pulled source, its first round. An operator whose
     * inputs ended before it was started still starts (its outputs have not ended yet); one whose
     * outputs have ended has nothing left to start.
     */
    private void start() {
        started = true;
        if (restoredEnded) {
            if (phase == Phase.WIRED) {
                phase = Phase.FINISHING;
            }
            if (ports.length == 0) {
                inputsDone = true;
            }
            afterOutput();
            return;
        }
        if (phase == Phase.WIRED) {
            phase = Phase.RUNNING;
        } else if (phase != Phase.FINISHING) {
            return;
        }
        scope.run(() -> {
            logic.onStart(out, wake);
            outlet.flush();
        });
        announceIfPending();
        logic.timerPeriod().ifPresent(period ->
                timers.startTimerAtFixedRate(new OperatorControl.Timer(), period));
        if (pulled) {
            pull();
        } else {
            endIfExhausted();
            afterOutput();
        }
    }

    private void onTimer() {
        if (outputsEnded()) {
            return;
        }
        scope.run(() -> {
            logic.onTimer(out);
            outlet.flush();
        });
        afterOutput();
    }

    /** A tick entry: the clock opened the next tick; emit what enters it, then the marker. */
    private void openTick() {
        announced = false;
        scope.run(() -> {
            logic.onOpenTick(out);
            outlet.endTick();
        });
        afterOutput();
    }

    /** A tick entry: no more ticks, so its outputs end. */
    private void stopTicks() {
        finish();
        afterOutput();
    }

    /** Port {@code port} closed the current tick; when all have, finish the tick. */
    private void closeTick(int port) {
        if (!alignment.close(port)) {
            return;
        }
        logic.onTickEnd(out);
        if (plan.role() == FlowPlan.TickRole.FORWARDING) {
            outlet.endTick();
        } else {
            outlet.flush();
        }
        if (plan.role().isTerminal()) {
            // Each terminal sees every tick once, in order: its own count names the tick.
            clock().tell(new TickClock.TickDone(++ticksFinished));
        }
    }

    private ActorRef<TickClock.Message> clock() {
        return clock.orElseThrow(() -> new IllegalStateException(plan.node().origin() + " has no tick clock"));
    }

    /**
     * An asynchronous logic handed something over from another thread: a pulled source pulls
     * (unless a pull is already due), any other logic takes it in and emits what is ready.
     */
    private void wake() {
        if (pulled) {
            if (!pullScheduled) {
                pull();
            }
            return;
        }
        if (phase == Phase.UNWIRED || outputsEnded()) {
            return;
        }
        scope.run(() -> {
            logic.onWake(out);
            outlet.flush();
        });
        afterOutput();
    }

    /**
     * The flow failed, here or elsewhere: the logic releases what it holds outside the flow,
     * whatever this operator's own phase (it may be the one that failed).
     */
    private Behavior<OperatorMessage> flowFailed(String reason) {
        try {
            scope.run(() -> logic.onFlowFailed(reason));
        } catch (RuntimeException | LinkageError e) {
            getContext().getLog().warn("{}: releasing the operator failed", plan.node().origin(), e);
        }
        return this;
    }

    /** The actor stopped (the flow completed, failed or was stopped): the logic releases what it holds. */
    private Behavior<OperatorMessage> stopped() {
        try {
            scope.run(logic::onStop);
        } catch (RuntimeException | LinkageError e) {
            getContext().getLog().warn("{}: releasing the operator failed", plan.node().origin(), e);
        }
        return this;
    }

    /** A pulled source emits one round, then lets acks in before the next. */
    private void pull() {
        pullScheduled = false;
        if (phase != Phase.RUNNING || !outlet.isIdle()) {
            return;
        }
        scope.run(() -> logic.pull(out, outlet.pullSize()));
        endIfExhausted();
        afterOutput();
    }

    /**
     * A source that has emitted everything it ever will ends as an operator whose inputs have;
     * returns whether it just did.
     */
    private boolean endIfExhausted() {
        if (inputsDone || !logic.isExhausted()) {
            return false;
        }
        inputsEnded();
        return true;
    }

    /** A remote batch is checked against its channel before it is decoded; what fails is dropped (see {@link BatchScreen}). */
    private void onWireBatch(WireMessage.Batch b) {
        if (!screen.admits(b, senderAddress) || held(b, b.port(), b.sender())) {
            return;
        }
        Object[] elements;
        try {
            elements = settings.codec().decode(b.payload());
        } catch (IllegalArgumentException e) {
            screen.undecodable(b, senderAddress(b.port(), b.sender()), e);
            return;
        }
        onBatch(b.port(), b.sender(), b.seq(), b.ackRequested(), elements, false);
    }

    private String senderAddress(int port, int sender) {
        return port < portSenders.size() && sender < portSenders.get(port).size()
                ? portSenders.get(port).get(sender).path().address().toString() : "an unwired sender";
    }

    private void onBatch(int port, int sender, long seq, boolean ackRequested, Object[] elements, boolean tickEnd) {
        if (!ports[port].accept(sender, seq, ackRequested)) {
            if (ports[port].isGone(sender)) {
                losses.lateBatch(plan.ports().get(port).producerLocation(), sender, elements.length);
            } else {
                ack(port, sender, seq);
            }
            return;
        }
        scope.run(() -> {
            logic.onBatch(port, sender, elements, out);
            if (tickEnd) {
                closeTick(port);
            }
            outlet.flush();
        });
        announceIfPending();
        afterOutput();
    }

    /** A tick entry with data for the next tick tells its clock (once per tick). */
    private void announceIfPending() {
        if (plan.role().isEntry() && !announced && logic.hasPending()) {
            announced = true;
            clock().tell(new TickClock.Announce());
        }
    }

    private void onLocalBatch(LocalBatch b) {
        if (!held(b, b.port(), b.sender())) {
            onBatch(b.port(), b.sender(), b.seq(), b.ackRequested(), b.elements(), b.tickEnd());
        }
    }

    private void onEnd(WireMessage.End end) {
        if (held(end, end.port(), end.sender())) {
            return;
        }
        ports[end.port()].end(end.sender(), end.lastSeq());
        if (barriers.isAligning() && barriers.isAligned()) {
            aligned();
        }
        portsChanged();
        afterOutput();
    }

    /**
     * Whether {@code message} came on a channel that has delivered the barrier of the snapshot
     * being aligned: it is then held until the snapshot is taken. One comparison when no
     * snapshot is being aligned.
     */
    private boolean held(OperatorMessage message, int port, int sender) {
        if (barriers.isAligning() && barriers.blocks(port, sender)) {
            barriers.hold(message);
            return true;
        }
        return false;
    }

    /**
     * From the member: a source snapshots now; any other operator once the barrier has come on
     * every live input. An operator of a tick other than a feeding entry waits for its clock
     * ({@link #onTickSnapshot}), or, once its outputs have ended, says so at once.
     */
    private void onTakeSnapshot(long snapshot) {
        if (barriers.isDone(snapshot) || phase == Phase.UNWIRED) {
            return;
        }
        if (plan.role() != FlowPlan.TickRole.NONE && plan.role() != FlowPlan.TickRole.FEEDING_ENTRY) {
            tickSnapshotAsked = Math.max(tickSnapshotAsked, snapshot);
            if (outputsEnded()) {
                snapshotInTick(snapshot);
            }
            return;
        }
        if (!barriers.isAligning()) {
            barriers.begin(snapshot);
        }
        if (barriers.current() == snapshot && barriers.isAligned()) {
            aligned();
        }
    }

    /**
     * The barrier has come on every live input. A feeding tick entry whose outputs still run
     * tells its clock and goes on holding what came after the barrier until the clock cuts the
     * tick's state ({@link #onTickSnapshot}); any other operator snapshots now.
     */
    private void aligned() {
        if (plan.role() == FlowPlan.TickRole.FEEDING_ENTRY && !outputsEnded()) {
            if (barrierReported != barriers.current()) {
                barrierReported = barriers.current();
                clock().tell(new TickClock.BarrierReached(barrierReported));
            }
            return;
        }
        snapshot();
    }

    /**
     * From the clock: every feeding entry of the tick has the barrier of {@code snapshot} and no
     * tick runs, so every operator of the tick records its state, which together form one cut.
     */
    private void onTickSnapshot(long snapshot) {
        if (plan.role() == FlowPlan.TickRole.FEEDING_ENTRY) {
            if (barriers.isAligning() && barriers.current() == snapshot && barriers.isAligned()) {
                snapshot();
            }
            return;
        }
        snapshotInTick(snapshot);
    }

    /** An operator of a tick, not a feeding entry, records its state for {@code snapshot} (once). */
    private void snapshotInTick(long snapshot) {
        if (snapshot <= tickSnapshotTaken) {
            return;
        }
        tickSnapshotTaken = snapshot;
        record(snapshot);
        afterOutput();
    }

    private void onBarrier(WireMessage.Barrier barrier) {
        if (held(barrier, barrier.port(), barrier.sender()) || barriers.isDone(barrier.snapshot())) {
            return;
        }
        if (!barriers.isAligning()) {
            barriers.begin(barrier.snapshot());
        } else if (barrier.snapshot() != barriers.current()) {
            throw new IllegalStateException("the barrier of snapshot " + barrier.snapshot() + " came from sender "
                    + barrier.sender() + " on port " + barrier.port() + " while snapshot " + barriers.current()
                    + " was being aligned");
        }
        barriers.arrived(barrier.port(), barrier.sender());
        if (barriers.isAligned()) {
            aligned();
        }
    }

    /**
     * Every live input delivered the barrier: snapshots the state (an operator whose outputs
     * have ended only says so), passes the barrier on after everything emitted so far, reports
     * the state to the member, and handles what was held meanwhile.
     */
    private void snapshot() {
        record(barriers.current());
        for (OperatorMessage message : barriers.finish()) {
            replay(message);
        }
        afterOutput();
    }

    /**
     * Reports the state to the member for {@code snapshot} (only that it ended, if its outputs
     * have) and, unless it ended or is inside a tick, sends the barrier on after everything
     * emitted so far.
     */
    private void record(long snapshot) {
        boolean ended = outputsEnded();
        Object[] state = ended || snapshotKind == Snapshots.Kind.STATELESS ? new Object[0] : logic.snapshot();
        if (!ended && snapshotKind == Snapshots.Kind.STATEFUL) {
            logic.snapshotRecorded(snapshot);
        }
        Object[] part = new Object[state.length + 1];
        part[0] = ended;
        System.arraycopy(state, 0, part, 1, state.length);
        try {
            byte[] encoded = settings.codec().encode(part, 0, part.length);
            parent.tell(new MemberMessage.OperatorSnapshotted(incarnation, snapshot, plan.node().id(), encoded));
        } catch (IllegalArgumentException | IllegalStateException e) {
            parent.tell(new MemberMessage.OperatorSnapshotFailed(incarnation, snapshot, plan.node().id(),
                    plan.node().origin() + ": its state cannot be encoded: " + e.getMessage()));
        }
        if (!ended && passesBarriers) {
            outlet.barrier(snapshot);
        }
    }

    /** A message held during an alignment, handled as if it arrived now. */
    private void replay(OperatorMessage message) {
        if (message instanceof LocalBatch b) {
            onLocalBatch(b);
        } else if (message instanceof WireMessage.Batch b) {
            onWireBatch(b);
        } else if (message instanceof WireMessage.End e) {
            onEnd(e);
        } else if (message instanceof WireMessage.Barrier b) {
            onBarrier(b);
        }
    }

    /**
     * A snapshot is complete: a source that held its input back for it may go on, a sink hands
     * over what it covers (and may then end).
     */
    private void snapshotComplete(long snapshot) {
        logic.snapshotsCompleted(snapshot);
        if (phase == Phase.RUNNING || phase == Phase.FINISHING) {
            afterOutput();
        }
    }

    /** The flow takes no more snapshots: a source or sink that held elements back for them goes on. */
    private void snapshotsStopped() {
        logic.snapshotsStopped();
        if (phase == Phase.RUNNING || phase == Phase.FINISHING) {
            afterOutput();
        }
    }

    /** The flow restarted from a snapshot: the logic takes its state back, or the operator is one that had ended. */
    private void restore(Object[] part) {
        restoredEnded = (Boolean) part[0];
        if (!restoredEnded && snapshotKind == Snapshots.Kind.STATEFUL) {
            logic.restore(Arrays.copyOfRange(part, 1, part.length));
        }
    }

    /**
     * An operator of a tick whose outputs just ended (its clock has stopped, so it will cut no
     * more): a snapshot it was asked for, or whose barrier reached it, records that it ended.
     */
    private void endedInTick() {
        if (plan.role() != FlowPlan.TickRole.FEEDING_ENTRY) {
            snapshotInTick(tickSnapshotAsked);
        } else if (barriers.isAligning() && barriers.isAligned()) {
            snapshot();
        }
    }

    /** A port's sender ended: when every one has, the inputs are done. */
    private void portsChanged() {
        if (ports.length > 0 && !inputsDone && Arrays.stream(ports).allMatch(InPort::isComplete)) {
            inputsEnded();
        }
    }

    /**
     * Nothing more will come in: a feeding tick entry tells its clock, any other operator's
     * outputs end (a tick entry's end when its clock stops).
     */
    private void inputsEnded() {
        inputsDone = true;
        if (plan.role() == FlowPlan.TickRole.FEEDING_ENTRY) {
            clock().tell(new TickClock.EntryEnded());
        }
        if (!plan.role().isEntry()) {
            finish();
        }
    }

    /** The outputs are to end as soon as nothing waits for credit. */
    private void finish() {
        if (phase == Phase.UNWIRED || phase == Phase.WIRED || phase == Phase.RUNNING) {
            phase = Phase.FINISHING;
        }
    }

    /** Whether the outputs have ended (the logic was told it is complete). */
    private boolean outputsEnded() {
        return phase == Phase.ENDING || phase == Phase.DONE;
    }

    /** A member of a watched cluster left: go on without it, and say what may be lost. */
    private void onPeerLeft(OperatorControl.PeerLeft left) {
        losses.left(left.location(), left.member(), left.label());
        for (int p = 0; p < ports.length; p++) {
            PortPlan port = plan.ports().get(p);
            if (port.remote() && port.producerLocation() == left.location() && ports[p].drop(left.member())) {
                losses.inputEndedEarly(left.label(), ports[p].acceptedFrom(left.member()));
            }
        }
        losses.unacknowledged(left.label(), outlet.abandon(left.location(), left.member()));
        if (!outputsEnded()) {
            scope.run(() -> {
                logic.onMemberLeft(left.location(), left.member(), out);
                outlet.flush();
            });
        }
        portsChanged();
        afterOutput();
    }

    /** Every member of a watched cluster finished or left: a membership source ends. */
    private void onSettled(OperatorControl.ClusterSettled settled) {
        logic.onClusterSettled(settled.location());
        if (phase == Phase.RUNNING && endIfExhausted()) {
            afterOutput();
        }
    }

    /**
     * Answers a wave over a region (see {@link LoopWaves}): the batches this operator put on the
     * region's edges and took from its inputs, and whether it would emit nothing without new
     * input (a source: once exhausted).
     */
    private void onProbeLoop(OperatorControl.ProbeLoop probe) {
        long sent = 0;
        for (int e = 0; e < output.edges().size(); e++) {
            if (probe.nodes().contains(output.edges().get(e).consumer())) {
                sent += outlet.offeredOn(e);
            }
        }
        long received = 0;
        for (InPort port : ports) {
            received += port.acceptedFromLiveSenders();
        }
        boolean quiet = outputsEnded() || logic.isQuiet();
        probe.replyTo().tell(new CoordinatorMessage.LoopState(probe.wave(), probe.region(), plan.node().location(),
                member, sent, received, quiet));
    }

    /**
     * This operator's loop is quiescent: nothing will come any more on its inputs from inside the
     * loop, which end here (the forward references' among them), and the end goes on from there.
     * Inputs inside a tick are left to end with the tick's clock: their tick markers must still
     * be aligned.
     */
    private void endLoop(Set<Integer> loop) {
        if (plan.receivesTicks()) {
            return;
        }
        for (int p = 0; p < ports.length; p++) {
            if (loop.contains(plan.ports().get(p).producer())) {
                ports[p].endAll();
            }
        }
        portsChanged();
        afterOutput();
    }

    private void onAck(WireMessage.Ack ack) {
        outlet.onAck(ack.edge(), ack.target(), ack.seq());
        afterOutput();
    }

    /** After any change: pay held acks, keep a source going, finish when everything is out. */
    private void afterOutput() {
        if (losses.anyLeft()) {
            losses.dropped(outlet.dropped(), false);
        }
        if (!outlet.isIdle()) {
            return;
        }
        if (!logic.retainsInput()) {
            payDueAcks();
        }
        if (pulled && phase == Phase.RUNNING && !pullScheduled && logic.isReady()) {
            pullScheduled = true;
            getContext().getSelf().tell(new OperatorControl.Pull());
        }
        if (phase == Phase.FINISHING && started && !logic.holdsEnd()) {
            phase = Phase.ENDING;
            timers.cancelAll();
            if (!restoredEnded) {
                // One restored as ended had completed before the snapshot: its consumers have its last output.
                scope.run(() -> logic.onComplete(out));
            }
            outlet.requestEnd();
            if (plan.role() != FlowPlan.TickRole.NONE) {
                endedInTick();
            }
        }
        if (phase == Phase.ENDING && inputsDone && outlet.isDrained()) {
            phase = Phase.DONE;
            losses.dropped(outlet.dropped(), true);
            parent.tell(new MemberMessage.OperatorDone(incarnation, plan.node().id()));
        }
    }

    private void payDueAcks() {
        for (int p = 0; p < ports.length; p++) {
            for (int s = 0; s < ports[p].senders(); s++) {
                long seq = ports[p].takeDueAck(s);
                if (seq > 0) {
                    ack(p, s, seq);
                }
            }
        }
    }

    private void ack(int port, int sender, long seq) {
        PortPlan p = plan.ports().get(port);
        int target = p.remote() ? member : 0;
        portSenders.get(port).get(sender).tell(new WireMessage.Ack(p.producerEdge(), target, seq));
    }

    private String describe(Throwable e) {
        if (e instanceof Outlet.RoutingException) {
            return e.getMessage();
        }
        Origin failed = plan.node().origin();
        Throwable cause = e;
        if (e instanceof ChainFailure link) {
            failed = link.origin();
            cause = link.getCause();
        } else if (e instanceof NullElementException nullElement) {
            failed = nullElement.producer();
        }
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        String[] lines = trace.toString().split("\n");
        String shortTrace = String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, 12)));
        return failed + " failed: " + shortTrace;
    }
}
