package io.sluice.runtime.actor;

import io.sluice.runtime.wire.OperatorMessage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/** What a member actor tells its own operator actors; never leaves the ActorSystem. */
public sealed interface OperatorControl extends OperatorMessage {

    /**
     * The refs of every channel's other end: {@code edgeTargets.get(e).get(t)} receives out-edge
     * {@code e}'s batches for target {@code t}; {@code portSenders.get(p).get(s)} sends port
     * {@code p}'s batches from sender {@code s} and gets their acks.
     */
    record Connect(List<List<ActorRef<OperatorMessage>>> edgeTargets,
                   List<List<ActorRef<OperatorMessage>>> portSenders,
                   Optional<ActorRef<TickClock.Message>> clock) implements OperatorControl {
    }

    /**
     * From the member: take part in snapshot {@code snapshot}. A source snapshots at once and
     * sends the barrier; any other operator snapshots once the barrier has come on every input
     * channel that has not ended.
     */
    record TakeSnapshot(long snapshot) implements OperatorControl {
    }

    /** From the member: snapshot {@code snapshot} is complete; no restart goes back before it. */
    record SnapshotComplete(long snapshot) implements OperatorControl {
    }

    /** From the member: the flow takes no more snapshots (its store failed). */
    record SnapshotsStopped() implements OperatorControl {
    }

    /**
     * From the operator's tick clock, to every operator of its tick: the barrier of snapshot
     * {@code snapshot} has reached every feeding entry and no tick runs, so record your state
     * now (an exit of the tick then sends the barrier on; a feeding entry lets its input in
     * again).
     */
    record TickSnapshot(long snapshot) implements OperatorControl {
    }

    /** Every member is wired: sources may emit. */
    record Start() implements OperatorControl {
    }

    /** From the operator's tick clock, to a tick entry: open the next tick. */
    record OpenTick() implements OperatorControl {
    }

    /** From the operator's tick clock, to a tick entry: no more ticks; end your channels. */
    record StopTicks() implements OperatorControl {
    }

    /**
     * From the member: member {@code member} of cluster location {@code location}, named
     * {@code label} in messages, left the flow early; stop sending to it and expecting from it.
     */
    record PeerLeft(int location, int member, String label) implements OperatorControl {
    }

    /** From the member: every member of cluster location {@code location} has finished or left. */
    record ClusterSettled(int location) implements OperatorControl {
    }

    /**
     * From the member: tell {@code replyTo} this operator's {@link CoordinatorMessage.LoopState}
     * in region {@code region} (a loop's id, or {@link LoopWaves#WHOLE_FLOW}), whose nodes are
     * {@code nodes}, for wave {@code wave}.
     */
    record ProbeLoop(int wave, int region, Set<Integer> nodes, ActorRef<CoordinatorMessage> replyTo)
            implements OperatorControl {
    }

    /**
     * From the member: the loop of nodes {@code loop}, which this operator is part of, is
     * quiescent; end the inputs it has from inside the loop.
     */
    record EndLoop(Set<Integer> loop) implements OperatorControl {
    }

    /** The operator's own timer fired. */
    record Timer() implements OperatorControl {
    }

    /** From the member: the flow failed for {@code reason} (see {@link io.sluice.runtime.logic.OperatorLogic#onFlowFailed}). */
    record FlowFailed(String reason) implements OperatorControl {
    }

    /** A source's reminder to itself to emit more, after letting its mailbox run. */
    record Pull() implements OperatorControl {
    }

    /**
     * From another thread, through the wake-up an asynchronous logic was started with: it has
     * something for the operator (a publisher's elements, a subscriber's demand, a completed
     * future). At most one is in flight per logic.
     */
    record Wake() implements OperatorControl {
    }
}
