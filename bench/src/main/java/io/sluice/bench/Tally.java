package io.sluice.bench;

import java.util.List;

/**
 * The leader's check of a run: counts and sums the doubled elements that come back, and prints
 * {@code COUNT <n> SUM <s>} from the leader's {@code forEach} when the count reaches the
 * expected {@code n} (and {@code MORE THAN <n> ELEMENTS} if one more arrives). The launcher
 * checks that line through {@code Deployment.stdout(leader)}, which works whether the leader runs
 * in this JVM or in a child JVM; in this JVM it can also check the totals directly.
 *
 * <p>The fields are plain: only the leader's {@code forEach} actor writes them, and the launcher
 * reads them after {@code awaitCompletion} returned, which happens after the last element through
 * the chain of Pekko's message hand-offs (each a synchronizing queue).
 */
final class Tally {

    private static final String COUNT = "COUNT ";
    private static final String EXCESS = "MORE THAN ";

    private final long expected;
    private long count;
    private long sum;

    /** A tally expecting the doubles of {@code 0 .. n-1}. */
    Tally(long n) {
        this.expected = n;
    }

    /**
     * Counts one element that came back; called from the leader's {@code forEach} only.
     *
     * @return whether this was the last expected element
     */
    boolean add(long value) {
        count++;
        sum += value;
        if (count == expected) {
            System.out.println(line(count, sum));
        } else if (count == expected + 1) {
            System.out.println(EXCESS + expected + " ELEMENTS");
        }
        return count == expected;
    }

    /** {@code n * (n - 1)}: the sum of {@code 2x} for {@code x} in {@code 0 .. n-1}. */
    static long expectedSum(long n) {
        return n * (n - 1);
    }

    /** The line the leader prints on a correct run. */
    String expectedLine() {
        return line(expected, expectedSum(expected));
    }

    /**
     * Checks the totals kept in this JVM.
     *
     * @throws IllegalStateException when the count or the sum is not exact
     */
    void verify() {
        check(count == expected && sum == expectedSum(expected), "the leader counted " + count + " elements summing to "
                + sum + ", expected " + expected + " summing to " + expectedSum(expected));
    }

    /**
     * Checks what the leader printed: among its lines, those of a tally are exactly
     * {@link #expectedLine()}.
     *
     * @throws IllegalStateException otherwise
     */
    void verify(List<String> leaderLines) {
        List<String> tallies = leaderLines.stream().filter(l -> l.startsWith(COUNT) || l.startsWith(EXCESS)).toList();
        check(tallies.equals(List.of(expectedLine())), "the leader printed " + tallies + ", expected ["
                + expectedLine() + "]");
    }

    private static String line(long count, long sum) {
        return COUNT + count + " SUM " + sum;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("WRONG RESULT: " + message);
        }
    }
}
