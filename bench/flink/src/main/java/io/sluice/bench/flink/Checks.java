package io.sluice.bench.flink;

/**
 * The exact checks of the three workloads, the same as the Sluice bench's: a wrong result
 * throws {@code WRONG RESULT: ...} from the sink, which fails the job.
 */
final class Checks {

    /** Distinct keys of W4. */
    static final int KEYS = 100_000;
    /** Distinct strings of W5's keys. */
    static final int STRING_KEYS = 1000;

    private static final String[] KEY_STRINGS = new String[STRING_KEYS];

    static {
        for (int k = 0; k < STRING_KEYS; k++) {
            KEY_STRINGS[k] = "k" + k;
        }
    }

    private Checks() {
    }

    /** W5's key of element {@code i}, {@code "k" + (i % 1000)} (made once per key, not per element). */
    static String stringKey(long i) {
        return KEY_STRINGS[(int) (i % STRING_KEYS)];
    }

    /** W1: the count is {@code n} and the sum of the doubled elements {@code n * (n - 1)}. */
    static final class Doubled implements CheckingSink.Check<Long> {
        private final long n;
        private long count;
        private long sum;

        Doubled(long n) {
            this.n = n;
        }

        @Override
        public void add(Long element) {
            count++;
            sum += element;
        }

        @Override
        public void verify() {
            check(count == n && sum == n * (n - 1), "W1 counted " + count + " summing to " + sum + ", expected " + n
                    + " summing to " + n * (n - 1));
        }
    }

    /** W4: every key's final count is exact, and no key came twice. */
    static final class PerKey implements CheckingSink.Check<KeyCount> {
        private final long n;
        private final long[] counts = new long[KEYS];
        private long results;

        PerKey(long n) {
            this.n = n;
        }

        @Override
        public void add(KeyCount element) {
            counts[element.key()] += element.count();
            results++;
        }

        @Override
        public void verify() {
            long expectedResults = Math.min(n, KEYS);
            check(results == expectedResults, "W4 received " + results + " key counts, expected " + expectedResults);
            for (int k = 0; k < KEYS; k++) {
                long expected = n / KEYS + (k < n % KEYS ? 1 : 0);
                check(counts[k] == expected, "W4 key " + k + " counted " + counts[k] + ", expected " + expected);
            }
        }
    }

    /** W5: count, the sums of ids, scores and key hashes are exact. */
    static final class Records implements CheckingSink.Check<Scored> {
        private final long n;
        private long count;
        private long ids;
        private long scores;
        private long keyHashes;

        Records(long n) {
            this.n = n;
        }

        @Override
        public void add(Scored element) {
            count++;
            ids += element.id();
            scores += (long) element.score();
            keyHashes += element.key().hashCode();
        }

        @Override
        public void verify() {
            long expectedHashes = 0;
            for (int k = 0; k < STRING_KEYS; k++) {
                expectedHashes += (long) stringKey(k).hashCode() * (n / STRING_KEYS + (k < n % STRING_KEYS ? 1 : 0));
            }
            check(count == n && ids == n * (n - 1) / 2 && scores == n * (n - 1) && keyHashes == expectedHashes,
                    "W5 counted " + count + ", ids " + ids + ", scores " + scores + ", key hashes " + keyHashes
                            + "; expected " + n + ", " + n * (n - 1) / 2 + ", " + n * (n - 1) + ", " + expectedHashes);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("WRONG RESULT: " + message);
        }
    }
}
