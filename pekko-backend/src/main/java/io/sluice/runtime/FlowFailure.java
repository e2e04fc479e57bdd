package io.sluice.runtime;

/** The flow failed: the message names the location, member and operator where known, and why. */
public final class FlowFailure extends RuntimeException {

    /** A failure described by {@code reason}. */
    public FlowFailure(String reason) {
        super(reason);
    }
}
