package io.sluice.runtime.actor;

/** What the coordinator tells the flow's listeners. */
public sealed interface FlowEvent extends ControlMessage {

    /** Every member is up and wired: the start barrier is passed. */
    record Deployed() implements FlowEvent {
    }

    /** Every operator of every member finished. */
    record Completed() implements FlowEvent {
    }

    /** The flow failed; {@code reason} names the location, member and operator where known. */
    record Failed(String reason) implements FlowEvent {
    }
}
