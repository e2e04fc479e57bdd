package io.sluice.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/** The flag {@link TrapRecord}'s initializer sets, readable without initializing it. */
public final class TrapFlag {

    /** Whether {@link TrapRecord} was initialized. */
    public static final AtomicBoolean FLAG = new AtomicBoolean();

    private TrapFlag() {
    }
}
