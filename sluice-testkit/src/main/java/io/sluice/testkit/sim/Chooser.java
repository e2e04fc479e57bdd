package io.sluice.testkit.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Takes the scheduler's choices and records them: the sequence of choices is the run's
 * <em>schedule</em>, written as the chosen indexes joined by dots (e.g. {@code 1.0.2}); replaying
 * a schedule reproduces the run exactly. Only steps with two or more enabled actions are choices.
 */
abstract sealed class Chooser permits Chooser.Seeded, Chooser.Path {

    private int[] chosen = new int[16];
    private int[] options = new int[16];
    private int depth;

    /** Picks one of {@code n >= 2} enabled actions, by index. */
    final int choose(int n) {
        int k = pick(n, depth);
        if (depth == chosen.length) {
            chosen = Arrays.copyOf(chosen, depth * 2);
            options = Arrays.copyOf(options, depth * 2);
        }
        chosen[depth] = k;
        options[depth] = n;
        depth++;
        return k;
    }

    abstract int pick(int n, int depth);

    int depth() {
        return depth;
    }

    int chosen(int i) {
        return chosen[i];
    }

    int options(int i) {
        return options[i];
    }

    /** The schedule so far, e.g. {@code 1.0.2}; empty when no step had a choice. */
    String schedule() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(chosen[i]);
        }
        return sb.toString();
    }

    /** Uniformly random choices from a seed. */
    static final class Seeded extends Chooser {
        private final SplittableRandom random;

        Seeded(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        int pick(int n, int depth) {
            return random.nextInt(n);
        }
    }

    /** A given prefix of choices, then always the first enabled action (depth-first exploration, replay). */
    static final class Path extends Chooser {
        private final int[] prefix;

        Path(int[] prefix) {
            this.prefix = prefix.clone();
        }

        static Path parse(String schedule) {
            String s = schedule.strip();
            if (s.isEmpty()) {
                return new Path(new int[0]);
            }
            try {
                return new Path(Arrays.stream(s.split("\\.")).mapToInt(Integer::parseInt).toArray());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a schedule is choice indexes joined by dots, e.g. \"1.0.2\", not \""
                        + schedule + "\"", e);
            }
        }

        @Override
        int pick(int n, int depth) {
            if (depth >= prefix.length) {
                return 0;
            }
            if (prefix[depth] >= n) {
                throw new IllegalStateException("the schedule does not fit this run: choice " + (depth + 1) + " has "
                        + n + " options, the schedule picks " + prefix[depth] + "; the flow or the test changed, or "
                        + "the test is not deterministic (it must build and drive the flow the same way every run)");
            }
            return prefix[depth];
        }

        /**
         * The next schedule of a depth-first exploration after this run: the last choice that has an
         * untried option, advanced; empty when every schedule has been tried.
         */
        java.util.Optional<int[]> next() {
            for (int i = depth() - 1; i >= 0; i--) {
                if (chosen(i) + 1 < options(i)) {
                    int[] p = new int[i + 1];
                    for (int j = 0; j < i; j++) {
                        p[j] = chosen(j);
                    }
                    p[i] = chosen(i) + 1;
                    return java.util.Optional.of(p);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
