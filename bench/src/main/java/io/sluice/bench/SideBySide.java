package io.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one workload on several systems side by side: warm-ups of each first, then rounds in
 * which each system runs once in turn (so that all see the same JIT state and the same background
 * load), and a table of medians with min–max and the first system's ratios against each other
 * one. Every run checks its own result; a wrong one throws and ends the bench.
 */
final class SideBySide {

    /**
     * A system that runs the workload.
     *
     * @param name its name in the output, e.g. {@code "Sluice"}
     * @param run  one checked run over {@code n} elements
     */
    record Contender(String name, Run run) {
    }

    /** One checked run over {@code n} elements; it throws when the result is wrong. */
    @FunctionalInterface
    interface Run {
        RunResult apply(int n) throws Exception;
    }

    private SideBySide() {
    }

    /**
     * Measures {@code contenders} on {@code n} elements, printing every run, and returns the table.
     *
     * @return a Markdown table: a row per contender, the first one's ratios against each
     */
    static String measure(String workload, int n, int runs, int warmUps, List<Contender> contenders) throws Exception {
        System.out.println(workload + ", N = " + n + ": " + names(contenders) + " alternating, " + runs
                + " runs each after " + warmUps + " warm-up(s) each");
        for (int w = 1; w <= warmUps; w++) {
            for (Contender c : contenders) {
                System.out.println("warm-up " + w + " " + c.name() + ": " + c.run().apply(n).describe());
            }
        }
        List<List<RunResult>> results = new ArrayList<>();
        contenders.forEach(c -> results.add(new ArrayList<>()));
        for (int r = 1; r <= runs; r++) {
            for (int i = 0; i < contenders.size(); i++) {
                RunResult result = contenders.get(i).run().apply(n);
                results.get(i).add(result);
                System.out.println("run " + r + " " + contenders.get(i).name() + ": " + result.describe());
            }
        }
        return table(workload, n, contenders, results);
    }

    private static String table(String workload, int n, List<Contender> contenders, List<List<RunResult>> results) {
        String first = contenders.get(0).name();
        List<String> lines = new ArrayList<>(List.of(
                "| " + workload + ", N = " + n + " | elements/s, median (min–max) | CPU ns/element, median (min–max) | "
                        + first + " / this, elements/s | " + first + " / this, CPU |",
                "|---|---|---|---|---|"));
        double rate0 = RunResult.medianPerSecond(results.get(0));
        double cpu0 = RunResult.medianCpuPerElement(results.get(0));
        for (int i = 0; i < contenders.size(); i++) {
            List<RunResult> rs = results.get(i);
            double rate = RunResult.medianPerSecond(rs);
            double cpu = RunResult.medianCpuPerElement(rs);
            lines.add(String.format(Locale.ROOT, "| %s | %s (%s–%s) | %.0f (%.0f–%.0f) | %s | %s |", contenders.get(i).name(),
                    RunResult.rate(rate), millions(rs, true), millions(rs, false), cpu, cpuBound(rs, true), cpuBound(rs, false),
                    i == 0 ? "" : String.format(Locale.ROOT, "%.2f", rate0 / rate),
                    i == 0 ? "" : String.format(Locale.ROOT, "%.2f", cpu0 / cpu)));
        }
        return String.join("\n", lines);
    }

    private static String millions(List<RunResult> runs, boolean min) {
        double[] rates = runs.stream().mapToDouble(RunResult::perSecond).toArray();
        double bound = min ? java.util.Arrays.stream(rates).min().orElseThrow() : java.util.Arrays.stream(rates).max().orElseThrow();
        return String.format(Locale.ROOT, "%.2f", bound / 1e6);
    }

    private static double cpuBound(List<RunResult> runs, boolean min) {
        double[] cpu = runs.stream().mapToDouble(r -> (double) r.cpuNanos() / r.elements()).toArray();
        return min ? java.util.Arrays.stream(cpu).min().orElseThrow() : java.util.Arrays.stream(cpu).max().orElseThrow();
    }

    private static String names(List<Contender> contenders) {
        return String.join(", ", contenders.stream().map(Contender::name).toList());
    }
}
