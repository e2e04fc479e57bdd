package io.sluice.runtime.logic;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An asynchronous logic's wake-up of its operator: at most one in flight. Other threads
 * {@link #signal} when they hand something over; the operator's thread {@link #clear}s the flag
 * when the wake-up arrives, before it looks at what was handed over, so that nothing handed
 * over afterwards goes unnoticed.
 */
final class Wakeup {

    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Runnable wake = () -> { };

    /**
     * The flow started: from now on a signal wakes the operator with {@code operatorWake}. A
     * signal made before (input handled before the start) wakes it now.
     */
    void bind(Runnable operatorWake) {
        wake = operatorWake;
        if (pending.get()) {
            operatorWake.run();
        }
    }

    /** Something was handed over: wakes the operator unless a wake-up is already in flight. */
    void signal() {
        if (pending.compareAndSet(false, true)) {
            wake.run();
        }
    }

    /** The wake-up arrived: the next signal sends another. */
    void clear() {
        pending.set(false);
    }
}
