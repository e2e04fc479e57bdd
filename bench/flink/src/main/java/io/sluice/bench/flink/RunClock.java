package io.sluice.bench.flink;

import java.lang.management.ManagementFactory;

/**
 * The time and CPU span of one job, stamped inside it, so that a run is timed like a Sluice run:
 * from the first element the leader's operator sees (job submission and task deployment
 * excluded, as Sluice's deployment is) to the sink's end of input. The MiniCluster runs in this
 * JVM, so its operators and the driver share these statics; one job runs at a time.
 */
final class RunClock {

    private static volatile long startNanos;
    private static volatile long startCpu;
    private static volatile long endNanos;
    private static volatile long endCpu;

    private RunClock() {
    }

    /** Clears the stamps before a job. */
    static void reset() {
        startNanos = 0;
        endNanos = 0;
    }

    /** Stamps the start; called once, on the leader's first element. */
    static void start() {
        startCpu = processCpuNanos();
        startNanos = System.nanoTime();
    }

    /** Stamps the end; called by the sink at its end of input, after its check passed. */
    static void end() {
        endNanos = System.nanoTime();
        endCpu = processCpuNanos();
    }

    /**
     * {@code RESULT <elements> <nanos> <cpuNanos>}, the answer to the bench.
     *
     * @throws IllegalStateException when the job did not stamp both ends
     */
    static String result(long elements) {
        if (startNanos == 0 || endNanos == 0) {
            throw new IllegalStateException("the job ended without stamping its start and its checked end");
        }
        return "RESULT " + elements + " " + (endNanos - startNanos) + " " + (endCpu - startCpu);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
