package io.sluice.runtime.actor;

import io.sluice.runtime.wire.OperatorMessage;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** What a member actor accepts: from its node, from the coordinator, and from its operators. */
public sealed interface MemberMessage {

    /**
     * From the member's own node, periodically (incarnation 0), and from the coordinator when the
     * flow restarts: be up as incarnation {@code incarnation} (a later one than the member's stops
     * its operators and starts them again), and tell the coordinator so. A restart starts the
     * operators from the flow's beginning when {@code snapshot} is 0, else from the member's part
     * of snapshot {@code snapshot} of run {@code run}; a member that had {@code finished} at that
     * snapshot has every operator restored as ended.
     */
    record Wake(ActorRef<CoordinatorMessage> coordinator, int incarnation, String run, long snapshot, boolean finished)
            implements MemberMessage, ControlMessage {

        /** Be up as incarnation {@code incarnation}, from the flow's beginning. */
        public static Wake fromBeginning(ActorRef<CoordinatorMessage> coordinator, int incarnation) {
            return new Wake(coordinator, incarnation, "", 0, false);
        }
    }

    /**
     * From the coordinator once every member is ready: for every node id, the refs of its
     * operator actors on every member of its location, by member id.
     */
    record Wire(int incarnation, Map<Integer, List<ActorRef<OperatorMessage>>> operators)
            implements MemberMessage, ControlMessage {
    }

    /**
     * From the coordinator: take part in snapshot {@code snapshot} of run {@code run} (every
     * operator snapshots its state once the barrier has come on all its inputs; the member writes
     * its part to the store), and drop its parts of snapshots before {@code keepFrom}.
     */
    record TakeSnapshot(int incarnation, String run, long snapshot, long keepFrom) implements MemberMessage, ControlMessage {
    }

    /**
     * From the coordinator: snapshot {@code snapshot} is complete, so no restart goes back before
     * it (run-time sources drop what they kept for replay from before it).
     */
    record SnapshotComplete(int incarnation, long snapshot) implements MemberMessage, ControlMessage {
    }

    /** From the coordinator: the flow takes no more snapshots (a member could not take its part). */
    record SnapshotsStopped(int incarnation) implements MemberMessage, ControlMessage {
    }

    /** From the coordinator: every member is wired; start the sources. */
    record StartFlow(int incarnation) implements MemberMessage, ControlMessage {
    }

    /**
     * From the coordinator: the flow failed for {@code reason}; operators that hold something
     * outside the flow (a subscriber, a subscription) release it now, not only when they stop.
     */
    record FlowFailed(String reason) implements MemberMessage, ControlMessage {
    }

    /**
     * From the coordinator: member {@code member} of the watched cluster location
     * {@code location} (named {@code label}) left the flow early; go on without it.
     */
    record PeerLeft(int location, int member, String label) implements MemberMessage, ControlMessage {
    }

    /** From the coordinator: every member of the watched cluster location {@code location} finished or left. */
    record ClusterSettled(int location) implements MemberMessage, ControlMessage {
    }

    /**
     * From the coordinator: every operator of these regions (loops' ids, or
     * {@link LoopWaves#WHOLE_FLOW}) answers wave {@code wave} to {@code replyTo}.
     */
    record ProbeLoops(int incarnation, int wave, List<Integer> regions, ActorRef<CoordinatorMessage> replyTo)
            implements MemberMessage, ControlMessage {
    }

    /** From the coordinator: top-level loop {@code loop} is quiescent; its operators end their inputs from inside it. */
    record EndLoop(int incarnation, int loop) implements MemberMessage, ControlMessage {
    }

    // The reports of operators and clocks carry the incarnation they belong to: one of an
    // incarnation that was stopped is ignored.

    /** From a tick clock of this member: it broke an invariant; {@code reason} says which. */
    record ClockFailed(int incarnation, int tick, String reason) implements MemberMessage {
    }

    /** From an operator of this member: it has finished and all its output was acknowledged. */
    record OperatorDone(int incarnation, int node) implements MemberMessage {
    }

    /** From an operator of this member: it failed; {@code reason} says where and why. */
    record OperatorFailed(int incarnation, int node, String reason) implements MemberMessage {
    }

    /** From an operator of this member: its encoded part of snapshot {@code snapshot}. */
    record OperatorSnapshotted(int incarnation, long snapshot, int node, byte[] state) implements MemberMessage {
    }

    /** From an operator of this member: it could not snapshot its state. */
    record OperatorSnapshotFailed(int incarnation, long snapshot, int node, String reason) implements MemberMessage {
    }

    /**
     * To the member itself: its part of snapshot {@code snapshot} was written to the store (off
     * its thread), or not: {@code failure} says why, empty when written.
     */
    record PartWritten(int incarnation, long snapshot, String failure) implements MemberMessage {
    }

    /** An operator actor stopped without saying why. */
    record OperatorStopped(int incarnation, int node) implements MemberMessage {
    }
}
