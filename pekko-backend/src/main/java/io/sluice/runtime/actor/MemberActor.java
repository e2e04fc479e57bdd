package io.sluice.runtime.actor;

import io.sluice.dataflow.spi.SnapshotStore;
import io.sluice.plan.EdgeKind;
import io.sluice.plan.FlowPlan.EdgePlan;
import io.sluice.plan.FlowPlan.OperatorPlan;
import io.sluice.plan.FlowPlan.PortPlan;
import io.sluice.plan.FlowPlan.TickPlan;
import io.sluice.plan.FlowPlan;
import io.sluice.plan.MemberKey;
import io.sluice.runtime.logic.MemberFeeds;
import io.sluice.runtime.scope.MemberScope;
import io.sluice.runtime.wire.OperatorMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One member of one location: a sharded entity that runs one {@link OperatorActor} per operator
 * of its location's part of the flow, as its children.
 *
 * <p>Lifecycle: on its first {@code Wake} it spawns its operators and reports them ready to the
 * coordinator (again on every later {@code Wake}, which is harmless); a {@code Wake} of a later
 * incarnation (the flow restarts after a member was lost) stops them and spawns them anew, with
 * the state of the snapshot the wake names (read from the snapshot store) or empty state, so that
 * the flow goes on from that snapshot or starts again from its beginning. On {@code Wire} it hands
 * each operator the refs of its channels' other ends and reports itself wired; on
 * {@code StartFlow} it starts its sources. It reports done when all its operators are, and
 * passes any operator or tick clock failure on. It passes the departures of other members, and
 * the end of a watched cluster's membership, on to its operators.
 */
public final class MemberActor extends AbstractBehavior<MemberMessage> {

    private final FlowRuntime runtime;
    private final MemberKey key;
    private final List<OperatorPlan> operators;
    private final Map<Integer, ActorRef<OperatorMessage>> refs = new HashMap<>();
    private final Map<Integer, ActorRef<TickClock.Message>> clocks = new HashMap<>();
    private final Set<Integer> done = new HashSet<>();
    private ActorRef<CoordinatorMessage> coordinator;
    private boolean wired;
    /** Which run of the flow this member's operators belong to: 0, then one more on every restart. */
    private int incarnation;
    /** The snapshot whose operator states are being collected (0: none), and those collected so far. */
    private long snapshot;
    private String snapshotRun = "";
    private long keepFrom;
    private final Map<Integer, byte[]> snapshotStates = new TreeMap<>();
    /**
     * States of a snapshot this member has not been asked for yet: an operator may get the
     * barrier from another member before this member gets the coordinator's {@code TakeSnapshot},
     * and it reports its state only once. One snapshot is taken at a time, so this holds at most
     * one snapshot's states.
     */
    private final Map<Long, Map<Integer, byte[]>> early = new HashMap<>();
    /**
     * Whether a part is being written (on the blocking-I/O dispatcher, so that a slow store
     * holds up none of the flow's threads), and whether every operator finished meanwhile: the
     * member then reports done once its part is in the store, so that the flow's end, which
     * removes its snapshots, comes after every write.
     */
    private boolean writing;
    private boolean doneWhileWriting;
    /**
     * What its run-time sources read, kept across restarts (in a flow with spares) so that a
     * restarted source replays what it emitted after the snapshot; made on the first wake.
     */
    private MemberFeeds feeds;

    private MemberActor(ActorContext<MemberMessage> context, FlowRuntime runtime, MemberKey key) {
        super(context);
        this.runtime = runtime;
        this.key = key;
        // Chained operators run in their head's actor: the member spawns, counts and snapshots heads.
        this.operators = runtime.plan().operatorsAt(key.location()).stream()
                .filter(op -> !runtime.chains().isLink(op.node().id())).toList();
    }

    public static Behavior<MemberMessage> create(FlowRuntime runtime, MemberKey key) {
        return Behaviors.setup(ctx -> new MemberActor(ctx, runtime, key));
    }

    @Override
    public Receive<MemberMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(MemberMessage.Wake.class, this::onWake)
                .onMessage(MemberMessage.Wire.class, this::onWire)
                .onMessage(MemberMessage.StartFlow.class, s -> s.incarnation() == incarnation ? onStart() : this)
                .onMessage(MemberMessage.OperatorDone.class, this::onOperatorDone)
                .onMessage(MemberMessage.OperatorFailed.class, this::onOperatorFailed)
                .onMessage(MemberMessage.OperatorStopped.class, this::onOperatorStopped)
                .onMessage(MemberMessage.TakeSnapshot.class, this::onTakeSnapshot)
                .onMessage(MemberMessage.OperatorSnapshotted.class, this::onOperatorSnapshotted)
                .onMessage(MemberMessage.OperatorSnapshotFailed.class, this::onOperatorSnapshotFailed)
                .onMessage(MemberMessage.PartWritten.class, this::onPartWritten)
                .onMessage(MemberMessage.SnapshotComplete.class, c -> c.incarnation() == incarnation
                        ? tellOperators(new OperatorControl.SnapshotComplete(c.snapshot())) : this)
                .onMessage(MemberMessage.SnapshotsStopped.class, s -> s.incarnation() == incarnation
                        ? tellOperators(new OperatorControl.SnapshotsStopped()) : this)
                .onMessage(MemberMessage.ClockFailed.class, this::onClockFailed)
                .onMessage(MemberMessage.PeerLeft.class, l -> tellOperators(
                        new OperatorControl.PeerLeft(l.location(), l.member(), l.label())))
                .onMessage(MemberMessage.ClusterSettled.class, s -> tellOperators(
                        new OperatorControl.ClusterSettled(s.location())))
                .onMessage(MemberMessage.FlowFailed.class, f -> tellOperators(
                        new OperatorControl.FlowFailed(f.reason())))
                .onMessage(MemberMessage.ProbeLoops.class, this::onProbeLoops)
                .onMessage(MemberMessage.EndLoop.class, this::onEndLoop)
                .onSignal(PostStop.class, s -> {
                    if (feeds != null) {
                        feeds.close();
                    }
                    return this;
                })
                .build();
    }

    private Behavior<MemberMessage> onWake(MemberMessage.Wake wake) {
        coordinator = wake.coordinator();
        if (feeds == null) {
            // A member first woken as a later incarnation took over from one lost with its node.
            feeds = runtime.restartable().isEmpty() ? MemberFeeds.NONE
                    : MemberFeeds.replaying(runtime.snapshots().replayBuffer(), wake.incarnation() > 0);
        }
        if (wake.incarnation() > incarnation) {
            stopIncarnation();
            incarnation = wake.incarnation();
        }
        if (refs.isEmpty()) {
            Map<Integer, Object[]> restored = Map.of();
            Optional<String> unrestorable = Optional.empty();
            if (wake.snapshot() > 0) {
                try {
                    restored = restore(wake);
                } catch (IOException | IllegalArgumentException e) {
                    unrestorable = Optional.of("it cannot restore its part of snapshot " + wake.snapshot() + " from "
                            + runtime.snapshots().store().describe() + ": " + e.getMessage());
                }
            }
            MemberScope scope = runtime.scope(key);
            for (OperatorPlan op : operators) {
                int node = op.node().id();
                ActorRef<OperatorMessage> ref = getContext().spawn(
                        OperatorActor.create(op, runtime.plan().sizes(), key.member(), scope, runtime.settings(),
                                getContext().getSelf(), incarnation, Optional.ofNullable(restored.get(node)), feeds,
                                links(op)),
                        "op-" + node + "-" + op.node().origin().operator() + suffix());
                getContext().watchWith(ref, new MemberMessage.OperatorStopped(incarnation, node));
                refs.put(node, ref);
            }
            for (TickPlan tick : runtime.plan().ticksAt(key.location())) {
                List<ActorRef<OperatorMessage>> entries = tick.entries().stream().map(refs::get).toList();
                List<ActorRef<OperatorMessage>> inTick = operators.stream()
                        .filter(op -> op.role() != FlowPlan.TickRole.NONE && op.clockTick() == tick.tick())
                        .map(op -> refs.get(op.node().id())).toList();
                clocks.put(tick.tick(), getContext().spawn(TickClock.create(tick.tick(), entries, inTick,
                        tick.feeders(), tick.terminals(), getContext().getSelf(), incarnation),
                        "tick-" + tick.tick() + suffix()));
            }
            coordinator.tell(new CoordinatorMessage.MemberReady(key.location(), key.member(), incarnation,
                    getContext().getSelf(), routes(), runtime.plan().sizes()));
            unrestorable.ifPresent(why ->
                    coordinator.tell(new CoordinatorMessage.MemberFailed(key.location(), key.member(), why)));
            return this;
        }
        coordinator.tell(new CoordinatorMessage.MemberReady(key.location(), key.member(), incarnation,
                getContext().getSelf(), routes(), runtime.plan().sizes()));
        return this;
    }

    /**
     * Each operator's state in this member's part of the snapshot {@code wake} names: ended, then
     * its logic's state; every operator as ended when the member had finished by then.
     */
    private Map<Integer, Object[]> restore(MemberMessage.Wake wake) throws IOException {
        Map<Integer, Object[]> states = new HashMap<>();
        if (wake.finished()) {
            operators.forEach(op -> states.put(op.node().id(), new Object[] {true}));
            return states;
        }
        byte[] part = runtime.snapshots().store().read(wake.run(), wake.snapshot(), partName())
                .orElseThrow(() -> new IllegalArgumentException("the part " + partName() + " is missing (on several"
                        + " machines, sluice.snapshots.dir must be a directory every node shares)"));
        SnapshotPart.read(part).forEach((node, state) -> states.put(node, runtime.settings().codec().decode(state)));
        for (OperatorPlan op : operators) {
            if (!states.containsKey(op.node().id())) {
                throw new IllegalArgumentException("the part " + partName() + " has no state for "
                        + op.node().origin());
            }
        }
        return states;
    }

    /** This member's name in a snapshot: its location and member id. */
    private String partName() {
        return key.location() + "-" + key.member();
    }

    /** From the coordinator: every operator takes part in the snapshot; the member collects their states. */
    private Behavior<MemberMessage> onTakeSnapshot(MemberMessage.TakeSnapshot take) {
        if (take.incarnation() != incarnation || take.snapshot() <= snapshot) {
            return this;
        }
        snapshot = take.snapshot();
        snapshotRun = take.run();
        keepFrom = take.keepFrom();
        snapshotStates.clear();
        Map<Integer, byte[]> before = early.remove(snapshot);
        if (before != null) {
            snapshotStates.putAll(before);
        }
        early.keySet().removeIf(s -> s < snapshot);
        OperatorControl.TakeSnapshot message = new OperatorControl.TakeSnapshot(snapshot);
        refs.values().forEach(ref -> ref.tell(message));
        if (snapshotStates.size() == operators.size()) {
            writeSnapshot();
        }
        return this;
    }

    private Behavior<MemberMessage> onOperatorSnapshotted(MemberMessage.OperatorSnapshotted msg) {
        if (msg.incarnation() != incarnation || msg.snapshot() < snapshot) {
            return this;
        }
        if (msg.snapshot() > snapshot) {
            early.computeIfAbsent(msg.snapshot(), s -> new TreeMap<>()).put(msg.node(), msg.state());
            return this;
        }
        snapshotStates.put(msg.node(), msg.state());
        if (snapshotStates.size() == operators.size()) {
            writeSnapshot();
        }
        return this;
    }

    /**
     * Every operator's state is in: the part goes to the store, off this actor's thread; the
     * coordinator is told once it is written ({@link #onPartWritten}).
     */
    private void writeSnapshot() {
        SnapshotStore store = runtime.snapshots().store();
        byte[] part = SnapshotPart.write(snapshotStates);
        snapshotStates.clear();
        String run = snapshotRun;
        long written = snapshot;
        long keep = keepFrom;
        String name = partName();
        int writer = incarnation;
        writing = true;
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                store.write(run, written, name, part);
                store.discard(run, name, keep);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, getContext().getSystem().dispatchers().lookup(DispatcherSelector.blocking()));
        getContext().pipeToSelf(write, (ok, failure) -> new MemberMessage.PartWritten(writer, written,
                failure == null ? "" : "writing to " + store.describe() + " failed: " + cause(failure)));
    }

    /** What a store's write threw, without the wrapping of the future that ran it. */
    private static String cause(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return (cause instanceof UncheckedIOException && cause.getCause() != null ? cause.getCause() : cause).toString();
    }

    private Behavior<MemberMessage> onPartWritten(MemberMessage.PartWritten written) {
        if (written.incarnation() != incarnation) {
            return this;
        }
        writing = false;
        if (written.failure().isEmpty()) {
            coordinator.tell(new CoordinatorMessage.MemberSnapshotted(key.location(), key.member(), incarnation,
                    written.snapshot()));
        } else {
            coordinator.tell(new CoordinatorMessage.MemberSnapshotFailed(key.location(), key.member(), incarnation,
                    written.snapshot(), written.failure()));
        }
        if (doneWhileWriting) {
            doneWhileWriting = false;
            reportDone();
        }
        return this;
    }

    /** Tells the coordinator that this member's operators have all finished, once no part is being written. */
    private void reportDone() {
        if (writing) {
            doneWhileWriting = true;
        } else {
            coordinator.tell(new CoordinatorMessage.MemberDone(key.location(), key.member()));
        }
    }

    private Behavior<MemberMessage> onOperatorSnapshotFailed(MemberMessage.OperatorSnapshotFailed msg) {
        if (msg.incarnation() == incarnation && msg.snapshot() >= snapshot) {
            coordinator.tell(new CoordinatorMessage.MemberSnapshotFailed(key.location(), key.member(), incarnation,
                    msg.snapshot(), msg.reason()));
        }
        return this;
    }

    /** The chained operators that run in {@code head}'s actor, in order. */
    private List<OperatorPlan> links(OperatorPlan head) {
        return runtime.chains().linksOf(head.node().id()).stream().map(runtime.plan().operators()::get).toList();
    }

    /** The actor of every operator of this member, by node id: a chained one's is its head's. */
    private Map<Integer, ActorRef<OperatorMessage>> routes() {
        Map<Integer, ActorRef<OperatorMessage>> routes = new HashMap<>(refs);
        for (OperatorPlan op : operators) {
            runtime.chains().linksOf(op.node().id()).forEach(link -> routes.put(link, refs.get(op.node().id())));
        }
        return Map.copyOf(routes);
    }

    /** Actor names of a later incarnation differ, so that the stopped ones' names are never reused too early. */
    private String suffix() {
        return incarnation == 0 ? "" : "-" + incarnation;
    }

    /**
     * Stops this incarnation's operators and clocks: what they hold is dropped, and their reports
     * still on the way are ignored (they carry the old incarnation).
     */
    private void stopIncarnation() {
        getContext().getLog().debug("member {} of location {}: stopping incarnation {}", key.member(), key.location(),
                incarnation);
        refs.values().forEach(ref -> {
            getContext().unwatch(ref);
            getContext().stop(ref);
        });
        clocks.values().forEach(getContext()::stop);
        refs.clear();
        clocks.clear();
        done.clear();
        snapshotStates.clear();
        early.clear();
        writing = false;
        doneWhileWriting = false;
        wired = false;
    }

    private Behavior<MemberMessage> onWire(MemberMessage.Wire wire) {
        if (wire.incarnation() != incarnation) {
            return this;
        }
        if (wired) {
            coordinator.tell(new CoordinatorMessage.MemberWired(key.location(), key.member()));
            return this;
        }
        for (OperatorPlan op : operators) {
            List<OperatorPlan> links = links(op);
            OperatorPlan output = links.isEmpty() ? op : links.get(links.size() - 1);
            List<List<ActorRef<OperatorMessage>>> edgeTargets = new ArrayList<>();
            for (EdgePlan edge : output.edges()) {
                List<ActorRef<OperatorMessage>> all = wire.operators().get(edge.consumer());
                edgeTargets.add(edge.kind() == EdgeKind.LOCAL ? List.of(all.get(key.member())) : all);
            }
            List<List<ActorRef<OperatorMessage>>> portSenders = new ArrayList<>();
            for (PortPlan port : op.ports()) {
                List<ActorRef<OperatorMessage>> all = wire.operators().get(port.producer());
                portSenders.add(port.remote() ? all : List.of(all.get(key.member())));
            }
            Optional<ActorRef<TickClock.Message>> clock = op.role() == FlowPlan.TickRole.NONE
                    ? Optional.empty() : Optional.of(clocks.get(op.clockTick()));
            refs.get(op.node().id()).tell(new OperatorControl.Connect(edgeTargets, portSenders, clock));
        }
        wired = true;
        coordinator.tell(new CoordinatorMessage.MemberWired(key.location(), key.member()));
        return this;
    }

    private Behavior<MemberMessage> onStart() {
        refs.values().forEach(ref -> ref.tell(new OperatorControl.Start()));
        if (operators.isEmpty()) {
            reportDone();
        }
        return this;
    }

    private Behavior<MemberMessage> onOperatorDone(MemberMessage.OperatorDone msg) {
        if (msg.incarnation() != incarnation) {
            return this;
        }
        done.add(msg.node());
        if (done.size() == operators.size()) {
            reportDone();
        }
        return this;
    }

    private Behavior<MemberMessage> onOperatorFailed(MemberMessage.OperatorFailed msg) {
        if (msg.incarnation() != incarnation) {
            return this;
        }
        coordinator.tell(new CoordinatorMessage.MemberFailed(key.location(), key.member(), msg.reason()));
        return this;
    }

    private Behavior<MemberMessage> onClockFailed(MemberMessage.ClockFailed msg) {
        if (msg.incarnation() != incarnation) {
            return this;
        }
        coordinator.tell(new CoordinatorMessage.MemberFailed(key.location(), key.member(),
                "the clock of tick " + msg.tick() + " failed: " + msg.reason()));
        return this;
    }

    private Behavior<MemberMessage> onProbeLoops(MemberMessage.ProbeLoops probe) {
        if (probe.incarnation() != incarnation) {
            return this;
        }
        for (int region : probe.regions()) {
            Set<Integer> nodes = LoopWaves.regionOf(runtime.plan(), region);
            OperatorControl.ProbeLoop message = new OperatorControl.ProbeLoop(probe.wave(), region, nodes,
                    probe.replyTo());
            for (OperatorPlan op : operators) {
                if (nodes.contains(op.node().id())) {
                    refs.get(op.node().id()).tell(message);
                }
            }
        }
        return this;
    }

    /** A loop is quiescent: its operators end their inputs from inside it, and the end goes on from there. */
    private Behavior<MemberMessage> onEndLoop(MemberMessage.EndLoop end) {
        if (end.incarnation() != incarnation) {
            return this;
        }
        Set<Integer> loop = Set.copyOf(runtime.plan().loops().get(end.loop()).nodes());
        for (OperatorPlan op : operators) {
            if (loop.contains(op.node().id())) {
                refs.get(op.node().id()).tell(new OperatorControl.EndLoop(loop));
            }
        }
        return this;
    }

    private Behavior<MemberMessage> tellOperators(OperatorControl message) {
        refs.values().forEach(ref -> ref.tell(message));
        return this;
    }

    private Behavior<MemberMessage> onOperatorStopped(MemberMessage.OperatorStopped msg) {
        if (msg.incarnation() == incarnation && !done.contains(msg.node())) {
            coordinator.tell(new CoordinatorMessage.MemberFailed(key.location(), key.member(),
                    "the actor of " + runtime.plan().graph().node(msg.node()).origin() + " stopped unexpectedly"));
        }
        return this;
    }
}
