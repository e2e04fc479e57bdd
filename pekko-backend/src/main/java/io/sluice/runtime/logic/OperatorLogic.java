package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import io.sluice.plan.FlowPlan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What one operator does to the elements it receives. Logic runs inside the operator's actor,
 * one batch at a time, with the member's context entered; the actor owns channels, acks, tick
 * markers and timers, and calls the hooks below.
 */
public interface OperatorLogic {

    /**
     * Handles {@code elements} that arrived on {@code port} from {@code sender}. Batches may be
     * shared between consumers: logic reads them and never writes into them.
     */
    void onBatch(int port, int sender, Object[] elements, Emitter out);

    /**
     * The operator is wired, and its restored state, if any, was given ({@link #restore}):
     * input may come from now on, before {@link #onStart(Emitter)}, from members that started
     * first. Called once, on the actor's thread, before any other call but {@code restore}.
     */
    default void onWired() {
    }

    /** The flow started (sources and timers begin now). */
    default void onStart(Emitter out) {
    }

    /** Inside a tick: every input port has closed the current tick; emit the tick's results. */
    default void onTickEnd(Emitter out) {
    }

    /** A tick entry: the member's clock opened a tick; emit what enters it. */
    default void onOpenTick(Emitter out) {
    }

    /** A tick entry: whether it holds data that the next tick should see. */
    default boolean hasPending() {
        return false;
    }

    /**
     * Whether the logic still holds input elements it has not emitted: their acks are then held
     * too, so that the credit window bounds what it can hold.
     */
    default boolean retainsInput() {
        return false;
    }

    /** The period at which {@link #onTimer} is called from the start, if the logic needs time. */
    default Optional<Duration> timerPeriod() {
        return Optional.empty();
    }

    /** The timer fired. */
    default void onTimer(Emitter out) {
    }

    /** Every input has ended; emit anything still held. */
    default void onComplete(Emitter out) {
    }

    /**
     * Whether the logic holds nothing that it would emit without new input (a pending batch, a
     * changed sample, an armed timeout): part of deciding that a loop is quiescent.
     */
    default boolean isQuiet() {
        return !hasPending();
    }

    /** Member {@code member} of cluster location {@code location} left the flow early. */
    default void onMemberLeft(int location, int member, Emitter out) {
    }

    /**
     * Every member of cluster location {@code location} has finished or left. A membership
     * source ends then (see {@link #isExhausted}).
     */
    default void onClusterSettled(int location) {
    }

    /**
     * A source (a node with no inputs): whether it has emitted everything it ever will, so that
     * the operator ends as one whose inputs have. Asked once the flow has started; a source that
     * is never exhausted runs until the flow is stopped.
     */
    default boolean isExhausted() {
        return false;
    }

    /**
     * Whether the logic is a pulled source: once started, the operator calls {@link #pull} for
     * one round of output at a time while its outputs have credit, and lets its mailbox run
     * between rounds, until the source {@linkplain #isExhausted is exhausted}.
     */
    default boolean isPulled() {
        return false;
    }

    /**
     * A pulled source: emits its next round, at most {@code max} elements, and only those that
     * are ready now (a slow source sends what it has rather than wait for a full round), and
     * {@linkplain Emitter#flush flushes} it before it finds out whether it is exhausted.
     */
    default void pull(Emitter out, int max) {
        throw new UnsupportedOperationException(getClass().getName() + " is not a pulled source");
    }

    /**
     * The flow started, for a logic whose work also happens off the actor's thread (a
     * publisher's elements, a subscriber's demand, futures that complete): {@code wake} asks the
     * operator, from any thread and without blocking, to call {@link #onWake} (a pulled source:
     * {@link #pull}) soon. Such a logic keeps at most one wake-up in flight, and clears its flag
     * when the call comes. Others need not implement it: it calls {@link #onStart(Emitter)}.
     */
    default void onStart(Emitter out, Runnable wake) {
        onStart(out);
    }

    /**
     * The operator was woken by the {@code wake} of {@link #onStart(Emitter, Runnable)}: take
     * in what other threads handed over, and emit what is ready. Not called on a pulled source
     * (its wake-up is a {@link #pull}), nor once its outputs have ended.
     */
    default void onWake(Emitter out) {
    }

    /**
     * A pulled source: whether a {@link #pull} would emit something or find out something now
     * (an element, the end, a failure). The operator re-pulls an idle source only when it is
     * ready, so an asynchronous source with nothing buffered waits for its wake-up rather than
     * spin; a synchronous one is always ready.
     */
    default boolean isReady() {
        return true;
    }

    /**
     * Whether the logic still has work in flight that must finish before the operator may end
     * (futures not completed, elements a subscriber has not asked for): the operator whose
     * inputs have ended waits, and asks again after each wake-up.
     */
    default boolean holdsEnd() {
        return false;
    }

    /**
     * The flow failed for {@code reason} (this operator or another, on any member), before the
     * operator's actor stops: release what lives outside the flow now (cancel a subscription,
     * signal a subscriber the failure). Called at most once, on the actor's thread, in any phase,
     * even after the logic threw; {@link #onStop()} still follows. It must not throw.
     */
    default void onFlowFailed(String reason) {
    }

    /**
     * The operator's actor stopped, whether the flow completed, failed or was stopped: release
     * what lives outside it (cancel a subscription, signal a subscriber that has not had its
     * end). Called once, on the actor's thread; it must not throw.
     */
    default void onStop() {
    }

    /**
     * The state the logic holds between batches, for a snapshot: elements the flow's codec can
     * encode (boxed values, records, collections, {@code KV}s; no nulls at top level), from which
     * {@link #restore} rebuilds it. Called on the actor's thread, between batches, only for the
     * logic of an operator the plan counts as stateful ({@code Snapshots.Kind.STATEFUL}).
     *
     * @throws UnsupportedOperationException for a logic whose state cannot be snapshotted
     */
    default Object[] snapshot() {
        throw new UnsupportedOperationException(getClass().getName() + " cannot be snapshotted");
    }

    /**
     * Puts back the state {@link #snapshot} gave, before the operator starts, when the flow
     * restarts from a snapshot.
     *
     * @throws UnsupportedOperationException for a logic whose state cannot be snapshotted
     */
    default void restore(Object[] state) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot be restored");
    }

    /**
     * Snapshot {@code snapshot} recorded the state {@link #snapshot} just gave. Called on the
     * actor's thread; only a logic that keeps something for replay after a restart cares.
     */
    default void snapshotRecorded(long snapshot) {
    }

    /**
     * Every snapshot up to {@code snapshot} is complete: no restart goes back before it, so
     * what was kept to replay from an earlier one may go. Called on the actor's thread.
     */
    default void snapshotsCompleted(long snapshot) {
    }

    /** The flow takes no more snapshots (its store failed). Called on the actor's thread. */
    default void snapshotsStopped() {
    }

    /**
     * The logic of {@code node}.
     *
     * @param inTick   whether the node receives tick batches (a tick's operators reset their state
     *                 at every tick end; top-level ones keep it)
     * @param sizes    members per location, by location id
     * @param nanoTime the clock that time operators measure silences on: {@code System::nanoTime},
     *                 but in tests
     */
    static OperatorLogic of(Node node, boolean inTick, List<Integer> sizes, LongSupplier nanoTime) {
        return of(node, inTick, sizes, nanoTime, ExternalEndpoints.NONE);
    }

    /**
     * The logic of {@code node}, on a member that can serve external ports through {@code externals}.
     *
     * @see #of(Node, boolean, List, LongSupplier)
     */
    static OperatorLogic of(Node node, boolean inTick, List<Integer> sizes, LongSupplier nanoTime,
                            ExternalEndpoints externals) {
        return node.accept(new LogicFactory(inTick, false, sizes, nanoTime, externals, MemberFeeds.NONE));
    }

    /**
     * The logic of {@code plan}'s operator, as its plan says it is used (a fold of which only the
     * final value is wanted emits only that).
     *
     * @see #of(Node, boolean, List, LongSupplier)
     */
    static OperatorLogic of(FlowPlan.OperatorPlan plan, List<Integer> sizes, LongSupplier nanoTime,
                            ExternalEndpoints externals) {
        return of(plan, sizes, nanoTime, externals, MemberFeeds.NONE);
    }

    /**
     * The logic of {@code plan}'s operator on a member whose run-time sources read {@code feeds}
     * (kept across restarts of a flow that can restart).
     *
     * @see #of(Node, boolean, List, LongSupplier)
     */
    static OperatorLogic of(FlowPlan.OperatorPlan plan, List<Integer> sizes, LongSupplier nanoTime,
                            ExternalEndpoints externals, MemberFeeds feeds) {
        return plan.node().accept(new LogicFactory(plan.receivesTicks(), plan.finalOnly(), sizes, nanoTime, externals,
                feeds));
    }
}
