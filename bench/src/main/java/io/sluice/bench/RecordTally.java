package io.sluice.bench;

/**
 * The leader's check of W5: the count, and the sums of the ids, of the (integral) scores and of
 * the keys' hash codes, each exact. Plain fields, as {@link Tally}'s.
 */
final class RecordTally {

    /** Distinct keys. */
    static final int KEYS = 1000;

    private static final String[] KEY_STRINGS = new String[KEYS];

    static {
        for (int k = 0; k < KEYS; k++) {
            KEY_STRINGS[k] = "k" + k;
        }
    }

    private final long n;
    private long count;
    private long ids;
    private long scores;
    private long keyHashes;

    RecordTally(long n) {
        this.n = n;
    }

    /** The key of element {@code i}, {@code "k" + (i % 1000)} (made once per key, not per element). */
    static String key(long i) {
        return KEY_STRINGS[(int) (i % KEYS)];
    }

    /** Counts one scored element that came back. */
    void add(Scored scored) {
        count++;
        ids += scored.id();
        scores += (long) scored.score();
        keyHashes += scored.key().hashCode();
    }

    /**
     * Checks the totals.
     *
     * @throws IllegalStateException when one is not exact
     */
    void verify() {
        long expectedHashes = 0;
        for (int k = 0; k < KEYS; k++) {
            expectedHashes += (long) KEY_STRINGS[k].hashCode() * (n / KEYS + (k < n % KEYS ? 1 : 0));
        }
        if (count != n || ids != n * (n - 1) / 2 || scores != n * (n - 1) || keyHashes != expectedHashes) {
            throw new IllegalStateException("WRONG RESULT: W5 counted " + count + ", ids " + ids + ", scores " + scores
                    + ", key hashes " + keyHashes + "; expected " + n + ", " + n * (n - 1) / 2 + ", " + n * (n - 1)
                    + ", " + expectedHashes);
        }
    }
}
