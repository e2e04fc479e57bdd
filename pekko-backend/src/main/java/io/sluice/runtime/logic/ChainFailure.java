package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Origin;

/**
 * A chained operator's user function threw ({@link ChainLinks}): carries the operator that
 * failed, so the failure is reported as that operator's rather than as its chain head's.
 */
public final class ChainFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Origin origin;

    ChainFailure(Origin origin, RuntimeException cause) {
        super(origin + " failed: " + cause, cause);
        this.origin = origin;
    }

    /** The chained operator whose function threw. */
    public Origin origin() {
        return origin;
    }
}
