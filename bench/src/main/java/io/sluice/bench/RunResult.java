package io.sluice.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One timed run of a throughput workload: how many elements crossed the pipeline, how long it
 * took from the moment the sources were started to the moment the flow was complete, and how
 * much CPU this JVM spent meanwhile (all its threads: actors, Artery, GC, JIT). On a machine
 * whose cores the run saturates, CPU per element is the steadier measure of efficiency.
 *
 * @param elements elements that went through the whole pipeline
 * @param nanos    wall-clock time of the run
 * @param cpuNanos CPU time of this JVM during the run, or -1 when the work ran in other JVMs
 */
record RunResult(long elements, long nanos, long cpuNanos) {

    /** This JVM's CPU time so far, in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Elements per second. */
    double perSecond() {
        return elements * 1e9 / nanos;
    }

    /** For example {@code "10000000 elements in 812.3 ms = 12.31 M/s, 160 ns CPU/element"}. */
    String describe() {
        String cpu = cpuNanos < 0 ? "" : String.format(Locale.ROOT, ", %d ns CPU/element", cpuNanos / elements);
        return String.format(Locale.ROOT, "%d elements in %.1f ms = %s%s", elements, nanos / 1e6, rate(perSecond()), cpu);
    }

    /** The median rate of {@code runs} in elements per second (the mean of the middle two for an even count). */
    static double medianPerSecond(List<RunResult> runs) {
        return median(runs.stream().mapToDouble(RunResult::perSecond).toArray());
    }

    /** The median CPU time per element of {@code runs}, in nanoseconds, or -1 when unknown. */
    static double medianCpuPerElement(List<RunResult> runs) {
        if (runs.stream().anyMatch(r -> r.cpuNanos() < 0)) {
            return -1;
        }
        return median(runs.stream().mapToDouble(r -> (double) r.cpuNanos() / r.elements()).toArray());
    }

    /** A rate in millions of elements per second, e.g. {@code "12.31 M/s"}. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.2f M/s", perSecond / 1e6);
    }

    /** Every run's rate, e.g. {@code "[12.31 M/s, 11.90 M/s]"}. */
    static String rates(List<RunResult> runs) {
        return Arrays.toString(runs.stream().map(r -> rate(r.perSecond())).toArray());
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no runs");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
