package io.sluice.runtime.actor;

import io.sluice.dataflow.ir.LocationKind;
import io.sluice.dataflow.spi.SnapshotStore;
import io.sluice.dataflow.ir.Node;
import io.sluice.plan.FlowPlan;
import io.sluice.plan.MemberKey;
import io.sluice.plan.Snapshots;
import io.sluice.runtime.wire.OperatorMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The flow's coordinator, one per cluster (a cluster singleton): the start barrier and the
 * completion and failure report.
 *
 * <p>It waits until every member of every location is ready, sends every member the table of
 * all operator refs, waits until every member is wired, and only then starts the sources. It
 * reports {@link FlowEvent.Completed} when every member is done, and {@link FlowEvent.Failed}
 * with the location, member and reason on the first failure, on a member that stops, or when
 * some members are still missing at the join deadline.
 *
 * <p>A member of a cluster whose membership the flow watches ({@code sourceClusterMembers}) may
 * stop once the flow is deployed without failing it: the coordinator tells every other member
 * that it left, and no longer waits for it. When every member of such a cluster has finished or
 * left, it tells every member that the cluster has settled, which ends its membership sources.
 *
 * <p>A member of a location given spare nodes ({@code withSpares}) that stops (its node was
 * lost) restarts the flow: the coordinator raises the flow's incarnation and wakes every member
 * as that incarnation through the {@link MemberDirectory} (sharding starts the lost one on a
 * surviving node of its location); each stops its operators and starts them anew, restored from
 * the last complete snapshot if there is one, and the flow passes its start barrier again and
 * goes on from that snapshot, or from its beginning. Reports of an older incarnation
 * still on the way are ignored: a member's reports count only once it is ready in the current
 * one. The restart is logged, naming the member and both nodes, and published
 * ({@link FlowEvent.MemberRestarted}).
 *
 * <p>While the flow runs, it probes the flow's top-level loops every {@link #LOOP_PROBE_INTERVAL}
 * and ends each one that has become quiescent ({@link LoopWaves}), so that finite programs with
 * feedback complete too; and, in a flow that watches clusters, the whole flow, whose quiescence
 * ends the membership sources.
 */
public final class Coordinator extends AbstractBehavior<CoordinatorMessage> {

    private enum Phase { JOINING, WIRING, DEPLOYED, RUNNING, COMPLETED, FAILED }

    /** How long after a wave over the loops the next begins. */
    static final Duration LOOP_PROBE_INTERVAL = Duration.ofMillis(100);
    private static final String LOOP_PROBE = "loop-probe";
    private static final String WAKE_AGAIN = "wake-again";
    private static final String SNAPSHOT = "snapshot";
    /** How often members not yet up again after a restart are woken. */
    private static final Duration RESTART_WAKE_INTERVAL = Duration.ofMillis(250);

    private final FlowPlan plan;
    private final List<MemberKey> members;
    private final Map<MemberKey, CoordinatorMessage.MemberReady> ready = new LinkedHashMap<>();
    private final Set<MemberKey> wired = new HashSet<>();
    private final Set<MemberKey> done = new HashSet<>();
    private final Set<MemberKey> departed = new HashSet<>();
    private final Set<Integer> watched;
    private final Set<Integer> settled = new HashSet<>();
    private final LoopWaves loops;
    private final TimerScheduler<CoordinatorMessage> timers;
    private final List<ActorRef<FlowEvent>> listeners = new ArrayList<>();
    private final RuntimeSettings settings;
    private final Set<Integer> restartable;
    private final MemberDirectory directory;
    /** The member actor each member key is watched through. */
    private final Map<MemberKey, ActorRef<MemberMessage>> watchedRefs = new HashMap<>();
    /** Members lost since the flow last ran, with the address of the node each was lost on. */
    private final Map<MemberKey, String> lostFrom = new LinkedHashMap<>();
    private Phase phase = Phase.JOINING;
    private boolean startRequested;
    private String failure = "";
    /** Whether the deployment is stopping the flow before it completed ({@link CoordinatorMessage.Stop}). */
    private boolean stopping;
    /** Which run of the flow is current: 0, then one more on every restart. */
    private int incarnation;
    private long lossNoticedAt;
    /** This run of the flow, as snapshots name it. */
    private final String run = UUID.randomUUID().toString();
    private final SnapshotStore store;
    /** How often to snapshot; empty when the flow takes no snapshots (or stopped taking them). */
    private Optional<Duration> snapshotInterval;
    /** The last snapshot started; the one being taken (0: none) and the members it still waits for. */
    private long lastSnapshot;
    private long pendingSnapshot;
    private final Set<MemberKey> snapshotAwaits = new HashSet<>();
    /** Members that had finished when the pending snapshot started: they take no part in it. */
    private Set<MemberKey> pendingFinished = Set.of();
    /** The last complete snapshot (0: none), and the members that had finished by then. */
    private long completeSnapshot;
    private long completeSnapshotAt;
    private Set<MemberKey> completeFinished = Set.of();
    /** The snapshot the flow last restarted from (0: its beginning). */
    private long restoredFrom;

    private Coordinator(ActorContext<CoordinatorMessage> context, TimerScheduler<CoordinatorMessage> timers,
                        FlowRuntime runtime, MemberDirectory directory) {
        super(context);
        FlowPlan plan = runtime.plan();
        this.settings = runtime.settings();
        this.restartable = runtime.restartable();
        this.directory = directory;
        this.plan = plan;
        this.members = plan.allMembers();
        this.watched = Set.copyOf(plan.graph().watchedClusters());
        this.loops = new LoopWaves(plan);
        this.timers = timers;
        this.store = runtime.snapshots().store();
        this.snapshotInterval = restartable.isEmpty() ? Optional.empty() : runtime.snapshots().interval();
        List<String> blockers = Snapshots.blockers(plan);
        if (snapshotInterval.isPresent() && !blockers.isEmpty()) {
            snapshotInterval = Optional.empty();
            context.getLog().info("this flow takes no snapshots, so a restart after a member's loss replays it from its"
                    + " beginning: {}", String.join("; ", blockers));
        }
        timers.startSingleTimer(new CoordinatorMessage.JoinDeadline(), settings.joinTimeout());
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberEvent.class, CoordinatorMessage.MembershipChanged::new),
                ClusterEvent.MemberEvent.class));
    }

    /**
     * The coordinator of {@code runtime}'s flow.
     *
     * @param directory how to reach a member wherever it runs, to wake it after a restart
     */
    public static Behavior<CoordinatorMessage> create(FlowRuntime runtime, MemberDirectory directory) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Coordinator(ctx, timers, runtime, directory)));
    }

    @Override
    public Receive<CoordinatorMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(CoordinatorMessage.MemberReady.class, this::onReady)
                .onMessage(CoordinatorMessage.MemberWired.class, this::onWired)
                .onMessage(CoordinatorMessage.MemberDone.class, this::onDone)
                .onMessage(CoordinatorMessage.SnapshotTick.class, t -> startSnapshot())
                .onMessage(CoordinatorMessage.MemberSnapshotted.class, this::onSnapshotted)
                .onMessage(CoordinatorMessage.MemberSnapshotFailed.class, this::onSnapshotFailed)
                .onMessage(CoordinatorMessage.MemberFailed.class, m -> isCurrent(m.location(), m.member())
                        ? fail(label(m.location(), m.member()) + ": " + m.reason()) : this)
                .onMessage(CoordinatorMessage.WakeAgain.class, w -> wakeMissing())
                .onMessage(CoordinatorMessage.MemberStopped.class, this::onStopped)
                .onMessage(CoordinatorMessage.ProbeLoops.class, p -> probeLoops())
                .onMessage(CoordinatorMessage.LoopState.class, this::onLoopState)
                .onMessage(CoordinatorMessage.Subscribe.class, this::onSubscribe)
                .onMessage(CoordinatorMessage.RequestStart.class, r -> onRequestStart())
                .onMessage(CoordinatorMessage.JoinDeadline.class, d -> onDeadline())
                .onMessage(CoordinatorMessage.MembershipChanged.class, c -> checkMembership())
                .onMessage(CoordinatorMessage.Stop.class, this::onStop)
                .build();
    }

    /** Two nodes configured as the same member would share one sharded entity silently: refuse. */
    private Behavior<CoordinatorMessage> checkMembership() {
        Map<String, List<String>> nodesByRole = new HashMap<>();
        for (Member m : Cluster.get(getContext().getSystem()).state().getMembers()) {
            if (m.status().equals(MemberStatus.down()) || m.status().equals(MemberStatus.removed())) {
                continue;
            }
            for (String role : m.getRoles()) {
                nodesByRole.computeIfAbsent(role, r -> new ArrayList<>()).add(m.address().toString());
            }
        }
        for (MemberKey key : members) {
            List<String> nodes = nodesByRole.getOrDefault(key.role(), List.of());
            if (nodes.size() > 1) {
                return fail(nodes.size() + " nodes are configured as " + label(key.location(), key.member()) + ": "
                        + String.join(" and ", nodes) + "; give each node its own sluice.node.member");
            }
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onReady(CoordinatorMessage.MemberReady msg) {
        MemberKey key = new MemberKey(msg.location(), msg.member());
        if (!msg.sizes().equals(plan.sizes())) {
            return fail("the node of " + label(key.location(), key.member()) + " runs the flow with location sizes "
                    + msg.sizes() + " but the coordinator's node with " + plan.sizes()
                    + "; give every node the same sluice.node.cluster-sizes");
        }
        if (msg.incarnation() != incarnation) {
            return this;
        }
        CoordinatorMessage.MemberReady known = ready.get(key);
        if (known != null) {
            if (!known.ref().equals(msg.ref()) && phase != Phase.COMPLETED && phase != Phase.FAILED) {
                if (restartable.contains(key.location())) {
                    return restart(key, nodeOf(known.ref()));
                }
                return fail(label(key.location(), key.member()) + " restarted on another node after it was wired;"
                        + " give its location spare nodes (withSpares) for the flow to restart with it");
            }
            return this;
        }
        if (phase != Phase.JOINING) {
            return this;
        }
        ready.put(key, msg);
        if (!msg.ref().equals(watchedRefs.get(key))) {
            watchedRefs.put(key, msg.ref());
            getContext().watchWith(msg.ref(), new CoordinatorMessage.MemberStopped(key.location(), key.member(),
                    msg.ref()));
        }
        if (ready.size() == members.size()) {
            phase = Phase.WIRING;
            timers.cancel(WAKE_AGAIN);
            MemberMessage.Wire wire = new MemberMessage.Wire(incarnation, table());
            ready.values().forEach(r -> r.ref().tell(wire));
        }
        return this;
    }

    /** Whether the member is ready in the current incarnation, so that its reports count. */
    private boolean isCurrent(int location, int member) {
        return ready.containsKey(new MemberKey(location, member));
    }

    /**
     * Member {@code lost}, of a location with spare nodes, was lost on node {@code from}: the flow
     * starts again as the next incarnation, from the last complete snapshot or its beginning, with
     * the lost member on another node.
     */
    private Behavior<CoordinatorMessage> restart(MemberKey lost, String from) {
        incarnation++;
        lostFrom.putIfAbsent(lost, from);
        lossNoticedAt = System.currentTimeMillis();
        pendingSnapshot = 0;
        snapshotAwaits.clear();
        timers.cancel(SNAPSHOT);
        restoredFrom = completeSnapshot;
        if (restoredFrom == 0) {
            getContext().getLog().warn("{} was lost on {}; the flow restarts from its beginning (incarnation {}) with it"
                    + " on another node of its location", label(lost.location(), lost.member()), from, incarnation);
        } else {
            getContext().getLog().warn("{} was lost on {}; the flow restarts from snapshot {}, taken {} ms before"
                    + " (incarnation {}), with it on another node of its location", label(lost.location(),
                    lost.member()), from, restoredFrom, lossNoticedAt - completeSnapshotAt, incarnation);
        }
        phase = Phase.JOINING;
        ready.clear();
        wired.clear();
        done.clear();
        settled.clear();
        loops.reset();
        timers.cancel(LOOP_PROBE);
        timers.startSingleTimer(new CoordinatorMessage.JoinDeadline(), settings.joinTimeout());
        // Sharding places the lost member once it has seen its node go: until then a wake may be
        // lost on the way, so the members not ready yet are woken again, often.
        timers.startTimerWithFixedDelay(WAKE_AGAIN, new CoordinatorMessage.WakeAgain(), RESTART_WAKE_INTERVAL);
        return wakeMissing();
    }

    /** Wakes, as the current incarnation, every member not ready in it yet. */
    private Behavior<CoordinatorMessage> wakeMissing() {
        if (phase != Phase.JOINING) {
            return this;
        }
        for (MemberKey key : members) {
            if (!ready.containsKey(key)) {
                directory.tell(key, new MemberMessage.Wake(getContext().getSelf(), incarnation, run, restoredFrom,
                        restoredFrom > 0 && completeFinished.contains(key)));
            }
        }
        return this;
    }

    /** The address of the node {@code ref} lives on. */
    private String nodeOf(ActorRef<?> ref) {
        org.apache.pekko.actor.Address address = ref.path().address();
        return (address.hasLocalScope() ? Cluster.get(getContext().getSystem()).selfMember().address() : address)
                .toString();
    }

    /** For every node: its operator refs by member id of its location. */
    private Map<Integer, List<ActorRef<OperatorMessage>>> table() {
        Map<Integer, List<ActorRef<OperatorMessage>>> table = new HashMap<>();
        for (Node node : plan.graph().nodes()) {
            List<ActorRef<OperatorMessage>> refs = new ArrayList<>();
            for (int m = 0; m < plan.sizes().get(node.location()); m++) {
                refs.add(ready.get(new MemberKey(node.location(), m)).operators().get(node.id()));
            }
            table.put(node.id(), List.copyOf(refs));
        }
        return table;
    }

    private Behavior<CoordinatorMessage> onWired(CoordinatorMessage.MemberWired msg) {
        if (!isCurrent(msg.location(), msg.member())) {
            return this;
        }
        wired.add(new MemberKey(msg.location(), msg.member()));
        if (phase == Phase.WIRING && wired.size() == members.size()) {
            phase = Phase.DEPLOYED;
            if (incarnation == 0) {
                publish(new FlowEvent.Deployed());
            }
            if (startRequested) {
                startMembers();
            }
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onRequestStart() {
        startRequested = true;
        if (phase == Phase.DEPLOYED) {
            startMembers();
        }
        return this;
    }

    private void startMembers() {
        phase = Phase.RUNNING;
        MemberMessage.StartFlow start = new MemberMessage.StartFlow(incarnation);
        ready.values().forEach(r -> r.ref().tell(start));
        scheduleLoopProbe();
        snapshotInterval.ifPresent(interval ->
                timers.startTimerWithFixedDelay(SNAPSHOT, new CoordinatorMessage.SnapshotTick(), interval));
        long now = System.currentTimeMillis();
        String restartedFrom = restoredFrom == 0 ? "its beginning" : "snapshot " + restoredFrom;
        lostFrom.forEach((key, from) -> {
            String member = label(key.location(), key.member());
            String to = nodeOf(ready.get(key).ref());
            getContext().getLog().warn("{} runs again on {} (it was lost on {}); the flow restarted from {},"
                    + " {} ms after the loss was noticed", member, to, from, restartedFrom, now - lossNoticedAt);
            publish(new FlowEvent.MemberRestarted(member, from, to, incarnation, lossNoticedAt, now, restoredFrom));
        });
        lostFrom.clear();
    }

    /**
     * Starts the next snapshot, unless one is still being taken: every member that has not
     * finished takes part (a finished member's operators have all ended, which the snapshot
     * records as such).
     */
    private Behavior<CoordinatorMessage> startSnapshot() {
        if (stopping || phase != Phase.RUNNING || pendingSnapshot != 0 || snapshotInterval.isEmpty()) {
            return this;
        }
        List<MemberKey> taking = members.stream().filter(k -> !done.contains(k)).toList();
        if (taking.isEmpty()) {
            return this;
        }
        pendingSnapshot = ++lastSnapshot;
        pendingFinished = Set.copyOf(done);
        snapshotAwaits.addAll(taking);
        MemberMessage.TakeSnapshot take = new MemberMessage.TakeSnapshot(incarnation, run, pendingSnapshot,
                completeSnapshot);
        taking.forEach(key -> ready.get(key).ref().tell(take));
        return this;
    }

    private Behavior<CoordinatorMessage> onSnapshotted(CoordinatorMessage.MemberSnapshotted msg) {
        if (msg.incarnation() != incarnation || msg.snapshot() != pendingSnapshot) {
            return this;
        }
        snapshotAwaits.remove(new MemberKey(msg.location(), msg.member()));
        if (snapshotAwaits.isEmpty()) {
            completeSnapshot = pendingSnapshot;
            completeSnapshotAt = System.currentTimeMillis();
            completeFinished = pendingFinished;
            pendingSnapshot = 0;
            MemberMessage.SnapshotComplete complete = new MemberMessage.SnapshotComplete(incarnation, completeSnapshot);
            ready.values().forEach(member -> member.ref().tell(complete));
            getContext().getLog().debug("snapshot {} is complete", completeSnapshot);
        }
        return this;
    }

    /** A member could not take its part: the flow goes on, taking no more snapshots. */
    private Behavior<CoordinatorMessage> onSnapshotFailed(CoordinatorMessage.MemberSnapshotFailed msg) {
        if (msg.incarnation() != incarnation || msg.snapshot() != pendingSnapshot || snapshotInterval.isEmpty()) {
            return this;
        }
        snapshotInterval = Optional.empty();
        timers.cancel(SNAPSHOT);
        pendingSnapshot = 0;
        snapshotAwaits.clear();
        // Run-time sources stop keeping what they emitted for replay once their buffers fill.
        MemberMessage.SnapshotsStopped stopped = new MemberMessage.SnapshotsStopped(incarnation);
        ready.values().forEach(member -> member.ref().tell(stopped));
        getContext().getLog().warn("{} could not take its part of snapshot {}: {}. The flow takes no more snapshots:"
                        + " a restart goes back to {}", label(msg.location(), msg.member()), msg.snapshot(), msg.reason(),
                completeSnapshot == 0 ? "its beginning" : "snapshot " + completeSnapshot);
        return this;
    }

    /** The flow ended: its snapshots are of no more use. */
    private void discardSnapshots() {
        if (lastSnapshot == 0) {
            return;
        }
        timers.cancel(SNAPSHOT);
        try {
            store.discardRun(run);
        } catch (IOException | RuntimeException e) {
            getContext().getLog().warn("the flow's snapshots could not be removed from {}: {}", store.describe(), e.toString());
        }
    }

    private void scheduleLoopProbe() {
        if (loops.hasLiveRegions()) {
            timers.startSingleTimer(LOOP_PROBE, new CoordinatorMessage.ProbeLoops(), LOOP_PROBE_INTERVAL);
        }
    }

    /** Starts a wave over the live loops: every live member hosting their operators answers. */
    private Behavior<CoordinatorMessage> probeLoops() {
        if (phase != Phase.RUNNING || !loops.hasLiveRegions()) {
            return this;
        }
        Map<Integer, Integer> membersAt = new HashMap<>();
        for (MemberKey key : members) {
            if (!departed.contains(key)) {
                membersAt.merge(key.location(), 1, Integer::sum);
            }
        }
        int wave = loops.start(membersAt);
        Set<Integer> nodes = new HashSet<>();
        loops.liveRegions().forEach(region -> nodes.addAll(LoopWaves.regionOf(plan, region)));
        tellMembersHosting(nodes, new MemberMessage.ProbeLoops(incarnation, wave, loops.liveRegions(),
                getContext().getSelf()));
        return this;
    }

    /** Tells {@code message} to every member still in the flow whose location hosts one of {@code nodes}. */
    private void tellMembersHosting(Collection<Integer> nodes, MemberMessage message) {
        Set<Integer> locations = new HashSet<>();
        nodes.forEach(n -> locations.add(plan.graph().node(n).location()));
        ready.forEach((key, member) -> {
            if (!departed.contains(key) && locations.contains(key.location())) {
                member.ref().tell(message);
            }
        });
    }

    private Behavior<CoordinatorMessage> onLoopState(CoordinatorMessage.LoopState state) {
        for (int region : loops.record(state)) {
            if (region == LoopWaves.WHOLE_FLOW) {
                // Only a member leaving could still move the flow: its membership sources end.
                watched.forEach(this::settleNow);
                continue;
            }
            tellMembersHosting(plan.loops().get(region).nodes(), new MemberMessage.EndLoop(incarnation, region));
        }
        if (!loops.isRunning()) {
            scheduleLoopProbe();
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onDone(CoordinatorMessage.MemberDone msg) {
        MemberKey key = new MemberKey(msg.location(), msg.member());
        if (departed.contains(key) || !ready.containsKey(key)) {
            return this;
        }
        done.add(key);
        settle(msg.location());
        return checkCompleted();
    }

    private Behavior<CoordinatorMessage> checkCompleted() {
        if (phase == Phase.RUNNING && done.size() + departed.size() == members.size()) {
            phase = Phase.COMPLETED;
            discardSnapshots();
            publish(new FlowEvent.Completed());
        }
        return this;
    }

    /**
     * The deployment stops the flow: from now on a member's loss is its doing, not a fault (no
     * restart, no failure), and no snapshot is taken; those of the run are removed, as at its end.
     */
    private Behavior<CoordinatorMessage> onStop(CoordinatorMessage.Stop stop) {
        if (!stopping && phase != Phase.COMPLETED && phase != Phase.FAILED) {
            stopping = true;
            timers.cancel(SNAPSHOT);
            discardSnapshots();
            getContext().getLog().info("the flow is being stopped before it completed");
        }
        stop.replyTo().tell(Done.getInstance());
        return this;
    }

    /** A member actor stopped: a failure, unless its cluster is watched and the flow can go on without it. */
    private Behavior<CoordinatorMessage> onStopped(CoordinatorMessage.MemberStopped msg) {
        MemberKey key = new MemberKey(msg.location(), msg.member());
        String who = label(key.location(), key.member());
        if (stopping || phase == Phase.COMPLETED || phase == Phase.FAILED || departed.contains(key)
                || !msg.ref().equals(watchedRefs.get(key))) {
            return this;
        }
        if (restartable.contains(key.location())) {
            if (phase == Phase.RUNNING && done.contains(key)) {
                // Its operators finished and every batch they sent was acknowledged: nothing is lost.
                getContext().getLog().info("{} was lost after it finished; the flow goes on", who);
                return this;
            }
            return restart(key, nodeOf(msg.ref()));
        }
        if (!watched.contains(key.location())) {
            String remedy = plan.location(key.location()).kind() == LocationKind.PROCESS
                    ? "a flow cannot go on without a process; give it spare nodes (withSpares) for the flow to"
                            + " restart with it elsewhere"
                    : "give the cluster spare nodes (withSpares) for the flow to restart with the member elsewhere;"
                            + " a flow goes on without a lost member only if it watches the member's cluster with"
                            + " sourceClusterMembers";
            return fail(who + " stopped before the flow completed (its node left the cluster or crashed); " + remedy);
        }
        if (phase != Phase.DEPLOYED && phase != Phase.RUNNING) {
            return fail(who + " stopped before every member was wired (its node left the cluster or crashed)");
        }
        departed.add(key);
        done.remove(key);
        loops.reset();
        scheduleLoopProbe();
        getContext().getLog().warn("{} left the flow (its node left the cluster or crashed); the flow goes on without"
                + " it, because it watches the membership of {}", who, plan.location(key.location()).label());
        MemberMessage.PeerLeft left = new MemberMessage.PeerLeft(key.location(), key.member(), who);
        liveMembers().forEach(r -> r.ref().tell(left));
        settle(key.location());
        return checkCompleted();
    }

    /** When every member of watched cluster {@code location} has finished or left, tells every member. */
    private void settle(int location) {
        if (!watched.contains(location) || settled.contains(location)) {
            return;
        }
        for (MemberKey key : members) {
            if (key.location() == location && !done.contains(key) && !departed.contains(key)) {
                return;
            }
        }
        settleNow(location);
    }

    /** Ends the membership sources of watched cluster {@code location}. */
    private void settleNow(int location) {
        if (!settled.add(location)) {
            return;
        }
        MemberMessage.ClusterSettled message = new MemberMessage.ClusterSettled(location);
        liveMembers().forEach(r -> r.ref().tell(message));
        if (settled.containsAll(watched)) {
            loops.retire(LoopWaves.WHOLE_FLOW);
        }
    }

    private List<CoordinatorMessage.MemberReady> liveMembers() {
        return ready.entrySet().stream().filter(e -> !departed.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    private Behavior<CoordinatorMessage> onDeadline() {
        if (phase == Phase.JOINING || phase == Phase.WIRING) {
            Set<MemberKey> arrived = phase == Phase.JOINING ? ready.keySet() : wired;
            String missing = members.stream().filter(k -> !arrived.contains(k))
                    .collect(Collectors.groupingBy(MemberKey::location, java.util.TreeMap::new,
                            Collectors.mapping(k -> String.valueOf(k.member()), Collectors.joining(", "))))
                    .entrySet().stream()
                    .map(e -> plan.location(e.getKey()).label() + " member(s) " + e.getValue())
                    .collect(Collectors.joining("; "));
            if (incarnation > 0) {
                return fail("the flow restarted after a member was lost, and not every member was up again within"
                        + " sluice.join-timeout; missing: " + missing + ". A lost member restarts on a surviving node of"
                        + " its location: give the location more spare nodes (withSpares)");
            }
            return fail("not every member joined within sluice.join-timeout; missing: " + missing
                    + ". Check that their JVMs started, reach the seed nodes, and run the same program");
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onSubscribe(CoordinatorMessage.Subscribe msg) {
        listeners.add(msg.listener());
        switch (phase) {
            case DEPLOYED, RUNNING -> msg.listener().tell(new FlowEvent.Deployed());
            case COMPLETED -> {
                msg.listener().tell(new FlowEvent.Deployed());
                msg.listener().tell(new FlowEvent.Completed());
            }
            case FAILED -> msg.listener().tell(new FlowEvent.Failed(failure));
            default -> {
            }
        }
        return this;
    }

    private Behavior<CoordinatorMessage> fail(String reason) {
        if (phase == Phase.FAILED || phase == Phase.COMPLETED) {
            return this;
        }
        phase = Phase.FAILED;
        failure = reason;
        discardSnapshots();
        getContext().getLog().error("flow failed: {}", reason);
        publish(new FlowEvent.Failed(reason));
        ready.values().forEach(r -> r.ref().tell(new MemberMessage.FlowFailed(reason)));
        return this;
    }

    private void publish(FlowEvent event) {
        listeners.forEach(l -> l.tell(event));
    }

    private String label(int location, int member) {
        return plan.location(location).memberPrefix(member);
    }
}
