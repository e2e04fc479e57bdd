package io.sluice.runtime.actor;

import io.sluice.runtime.wire.OperatorMessage;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/** What the flow's coordinator accepts: from members, from the driver, and from its own timers. */
public sealed interface CoordinatorMessage {

    /**
     * A member's operators are up, as its incarnation {@code incarnation}; here are their refs, by
     * node id, and the location sizes its node was configured with (which must be the coordinator's).
     */
    record MemberReady(int location, int member, int incarnation, ActorRef<MemberMessage> ref,
                       Map<Integer, ActorRef<OperatorMessage>> operators, List<Integer> sizes)
            implements CoordinatorMessage, ControlMessage {
    }

    /** A member has handed every operator its channels' refs. */
    record MemberWired(int location, int member) implements CoordinatorMessage, ControlMessage {
    }

    /** A member wrote its part of snapshot {@code snapshot}. */
    record MemberSnapshotted(int location, int member, int incarnation, long snapshot)
            implements CoordinatorMessage, ControlMessage {
    }

    /** A member could not take its part of snapshot {@code snapshot}; {@code reason} says why. */
    record MemberSnapshotFailed(int location, int member, int incarnation, long snapshot, String reason)
            implements CoordinatorMessage, ControlMessage {
    }

    /** Local: time to start the next snapshot. */
    record SnapshotTick() implements CoordinatorMessage {
    }

    /** Every operator of a member has finished. */
    record MemberDone(int location, int member) implements CoordinatorMessage, ControlMessage {
    }

    /** A member's operator failed. */
    record MemberFailed(int location, int member, String reason) implements CoordinatorMessage, ControlMessage {
    }

    /** Send the flow's {@link FlowEvent}s to {@code listener}, starting with the current state. */
    record Subscribe(ActorRef<FlowEvent> listener) implements CoordinatorMessage, ControlMessage {
    }

    /** Start the sources as soon as every member is wired. */
    record RequestStart() implements CoordinatorMessage, ControlMessage {
    }

    /**
     * From an operator of region {@code region} (see {@link LoopWaves}), answering wave
     * {@code wave}: how many batches it has put on the region's edges ({@code sent}) and taken
     * from its inputs ({@code received}), counting only members still in the flow, and whether it
     * is {@code quiet}: it would emit nothing without new input.
     */
    record LoopState(int wave, int region, int location, int member, long sent, long received, boolean quiet)
            implements CoordinatorMessage, ControlMessage {
    }

    /** Local: time for the next wave over the flow's loops. */
    record ProbeLoops() implements CoordinatorMessage {
    }

    /** Local: the join deadline passed. */
    record JoinDeadline() implements CoordinatorMessage {
    }

    /** Local: the cluster's membership changed. */
    record MembershipChanged(org.apache.pekko.cluster.ClusterEvent.MemberEvent event) implements CoordinatorMessage {
    }

    /** Local: member actor {@code ref} terminated. */
    record MemberStopped(int location, int member, ActorRef<MemberMessage> ref) implements CoordinatorMessage {
    }

    /** Local: time to wake again the members that have not answered since the flow restarted. */
    record WakeAgain() implements CoordinatorMessage {
    }

    /**
     * Local: the deployment is stopping the flow before it completed; the members' nodes are
     * about to go, and their loss is no fault to restart from or fail the flow for. Answered once
     * the coordinator has taken note.
     */
    record Stop(ActorRef<Done> replyTo) implements CoordinatorMessage {
    }
}
