package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Origin;

/**
 * An operator emitted null, which streams do not carry: a user mistake, reported as the failure
 * of the operator that emitted it (which, chained, may not be the actor's own).
 */
public final class NullElementException extends NullPointerException {

    private static final long serialVersionUID = 1L;

    private final transient Origin producer;

    public NullElementException(Origin producer) {
        super(producer + " produced null: streams carry no nulls (use filterMap with Optional.empty() for \"no result\")");
        this.producer = producer;
    }

    /** The operator that emitted null. */
    public Origin producer() {
        return producer;
    }
}
