package io.sluice.runtime.actor;

/** What the coordinator tells the flow's listeners. */
public sealed interface FlowEvent extends ControlMessage {

    /** Every member is up and wired: the start barrier is passed. */
    record Deployed() implements FlowEvent {
    }

    /** Every operator of every member finished. */
    record Completed() implements FlowEvent {
    }

    /**
     * A lost member runs again, on another node, and the flow has restarted from its beginning or a snapshot.
     *
     * @param member      the member, as output prefixes name it
     * @param from        the address of the node it was lost on
     * @param to          the address of the node it runs on now
     * @param incarnation how many times the flow has restarted so far
     * @param noticedAt   when the coordinator noticed the loss, in epoch milliseconds
     * @param runningAt   when the restarted flow's sources started, in epoch milliseconds
     * @param snapshot    the snapshot the flow restarted from, or 0 when from its beginning
     */
    record MemberRestarted(String member, String from, String to, int incarnation, long noticedAt, long runningAt,
                           long snapshot)
            implements FlowEvent {
    }

    /** The flow failed; {@code reason} names the location, member and operator where known. */
    record Failed(String reason) implements FlowEvent {
    }
}
