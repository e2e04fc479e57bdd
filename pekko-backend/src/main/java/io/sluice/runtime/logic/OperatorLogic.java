package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
     * Whether a logic with no inputs ends when every member of {@code location} has finished or
     * left (a membership source); otherwise it runs until the flow is stopped.
     */
    default boolean endsWhenSettled(int location) {
        return false;
    }

    /**
     * The logic of a non-source node.
     *
     * @param inTick whether the node receives tick batches (a tick's operators reset their state
     *               at every tick end; top-level ones keep it)
     * @param sizes  members per location, by location id
     */
    static OperatorLogic of(Node node, boolean inTick, List<Integer> sizes) {
        return ElementLogic.of(node)
                .or(() -> AggregateLogic.of(node, inTick))
                .or(() -> CombineLogic.of(node, inTick))
                .or(() -> TickLogic.of(node, inTick))
                .or(() -> TimeLogic.of(node, sizes))
                .orElseThrow(() -> new IllegalArgumentException(
                        "no operator logic for " + node.describe() + " (" + node.origin() + ")"));
    }
}
