package io.sluice.bench;

/**
 * Positional command-line arguments with defaults, shared by the bench mains. Numbers may use
 * underscores as in Java literals ({@code 10_000_000}).
 */
final class Args {

    private Args() {
    }

    /** Argument {@code index} as a positive number, or {@code fallback} when absent. */
    static long positive(String[] args, int index, long fallback, String name) {
        if (args.length <= index) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(args[index].replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (index + 1) + " (" + name + ") must be a number, got '"
                    + args[index] + "'", e);
        }
        if (value <= 0) {
            throw new IllegalArgumentException("argument " + (index + 1) + " (" + name + ") must be positive, got " + value);
        }
        return value;
    }

    /** Argument {@code index} as an element count: positive and at most {@link Integer#MAX_VALUE} (sources count in ints). */
    static int elements(String[] args, int index, int fallback) {
        long n = positive(args, index, fallback, "N");
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("N must be at most " + Integer.MAX_VALUE + ", got " + n);
        }
        return (int) n;
    }

    /** Argument {@code index} as a mode: {@code in-jvm} (the default) or {@code localhost}. */
    static boolean localhost(String[] args, int index) {
        if (args.length <= index || args[index].equals("in-jvm")) {
            return false;
        }
        if (args[index].equals("localhost")) {
            return true;
        }
        throw new IllegalArgumentException("argument " + (index + 1) + " (mode) must be in-jvm or localhost, got '"
                + args[index] + "'");
    }
}
