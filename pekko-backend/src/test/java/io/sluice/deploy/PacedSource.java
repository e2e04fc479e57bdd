package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A slow source for tests that crash members mid-stream: {@code 0..n-1}, one element about every
 * millisecond (so every round of the source ends within a few elements, and what was read has
 * gone out when it waits), waiting before element {@code gateAt} until {@code gate} opens (a
 * source that blocks its actor: tests only).
 */
final class PacedSource {

    private PacedSource() {
    }

    static Iterator<Integer> iterator(int n, int gateAt, CountDownLatch gate) {
        return iterator(n, gateAt, gate, () -> true);
    }

    /** As {@link #iterator(int, int, CountDownLatch)}, paced only while {@code paced} says so, at full speed after. */
    static Iterator<Integer> iterator(int n, int gateAt, CountDownLatch gate, BooleanSupplier paced) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next == gateAt) {
                    try {
                        assertTrue(gate.await(60, TimeUnit.SECONDS), "the gate never opened");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return next < n;
            }

            @Override
            public Integer next() {
                if (paced.getAsBoolean()) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return next++;
            }
        };
    }
}
