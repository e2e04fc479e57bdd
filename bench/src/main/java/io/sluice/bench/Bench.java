package io.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench entry point: W1 with Sluice (in-jvm) against the hand-written {@link Baseline}, in
 * one JVM, then W2. W1: a warm-up run of each, then runs alternating Sluice and baseline (so
 * that both see the same JIT state and the same background load), then a table of the medians
 * and their ratio; CPU per element is this JVM's CPU time over the run divided by N. W2: the
 * per-element round trips of {@link W2Latency}.
 *
 * <pre>
 * Bench [N=10_000_000] [runs=3] [warm-ups=1] [W2 elements=20_000] [W2 warm-up elements=2_000]
 * </pre>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int n = Args.elements(args, 0, 10_000_000);
            int runs = (int) Args.positive(args, 1, 3, "runs");
            int warmUps = (int) Args.positive(args, 2, 1, "warm-ups");
            int w2Elements = Args.elements(args, 3, 20_000);
            int w2WarmUp = Args.elements(args, 4, 2_000);
            System.out.println("W1 throughput, in-jvm, N = " + n + ": Sluice and baseline alternating, " + runs
                    + " runs each after " + warmUps + " warm-up(s) each");
            for (int w = 1; w <= warmUps; w++) {
                System.out.println("warm-up " + w + " Sluice:   " + W1Throughput.run(n, false).describe());
                System.out.println("warm-up " + w + " baseline: " + Baseline.run(n).describe());
            }
            List<RunResult> sluice = new ArrayList<>();
            List<RunResult> baseline = new ArrayList<>();
            for (int r = 1; r <= runs; r++) {
                sluice.add(W1Throughput.run(n, false));
                System.out.println("run " + r + " Sluice:   " + sluice.get(r - 1).describe());
                baseline.add(Baseline.run(n));
                System.out.println("run " + r + " baseline: " + baseline.get(r - 1).describe());
            }
            System.out.println();
            System.out.println(table(n, sluice, baseline));
            System.out.println();
            System.out.println("W2 latency, in-jvm, " + w2Elements + " elements one at a time after " + w2WarmUp + " warm-up elements");
            System.out.println("W2 " + W2Latency.run(w2Elements, w2WarmUp).describe());
        });
    }

    private static String table(int n, List<RunResult> sluice, List<RunResult> baseline) {
        double s = RunResult.medianPerSecond(sluice);
        double b = RunResult.medianPerSecond(baseline);
        return String.join("\n",
                "| W1 in-jvm, N = " + n + " | Sluice | baseline | Sluice / baseline |",
                "|---|---|---|---|",
                String.format(Locale.ROOT, "| median elements/s | %s | %s | %.2f |", RunResult.rate(s), RunResult.rate(b), s / b),
                String.format(Locale.ROOT, "| median CPU ns/element | %.0f | %.0f | %.2f |", RunResult.medianCpuPerElement(sluice),
                        RunResult.medianCpuPerElement(baseline),
                        RunResult.medianCpuPerElement(sluice) / RunResult.medianCpuPerElement(baseline)),
                "| runs | " + RunResult.rates(sluice) + " | " + RunResult.rates(baseline) + " | |");
    }
}
