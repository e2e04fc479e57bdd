package io.sluice.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A record in a package the codec never builds from the network, whose static initializer records
 * that it ran: a forged batch naming it must leave {@link #INITIALIZED} false.
 */
public record TrapRecord(String path) {

    /** Set when this class is initialized, which a refused name must never cause. */
    public static final AtomicBoolean INITIALIZED = TrapFlag.FLAG;

    static {
        TrapFlag.FLAG.set(true);
    }
}
