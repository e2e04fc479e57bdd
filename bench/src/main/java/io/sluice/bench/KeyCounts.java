package io.sluice.bench;

import io.sluice.dataflow.KV;

/**
 * The leader's check of W4: the latest count received for each key (a later sample of a key
 * replaces an earlier one), which must be exactly the number of {@code i} in {@code 0 .. n-1}
 * with {@code i % keys == key}, for every key.
 *
 * <p>The fields are plain for the reason {@link Tally}'s are: only the leader's {@code forEach}
 * writes them, and they are read after {@code awaitCompletion}.
 */
final class KeyCounts {

    private final long n;
    private final long[] counts;
    private long received;

    KeyCounts(long n, int keys) {
        this.n = n;
        this.counts = new long[keys];
    }

    /** Takes a key's count from a worker. */
    void put(KV<Integer, Long> keyCount) {
        counts[keyCount.key()] = keyCount.value();
        received++;
    }

    /**
     * Checks every key's count.
     *
     * @throws IllegalStateException when one is not exact
     */
    void verify() {
        int keys = counts.length;
        long present = Math.min(n, keys);
        if (received < present) {
            throw new IllegalStateException("WRONG RESULT: W4's leader received " + received + " key counts, expected at least "
                    + present);
        }
        for (int k = 0; k < keys; k++) {
            long expected = n / keys + (k < n % keys ? 1 : 0);
            if (counts[k] != expected) {
                throw new IllegalStateException("WRONG RESULT: W4 key " + k + " counted " + counts[k] + ", expected " + expected);
            }
        }
    }
}
