package io.sluice.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;

/**
 * W2, latency: one element at a time through the W1 pipeline (leader, round-robin to 4 workers,
 * {@code x -> 2x}, back to the leader), in one JVM. The public API has no request/response, so
 * the leader's source is a {@link LockstepSource} whose {@code next()} blocks until the previous
 * element came back to the leader's {@code forEach} (blocking in a source is acceptable only in
 * this bench: see {@link LockstepSource}). Each element's round trip is recorded; the first
 * warm-up elements are dropped and the percentiles of the rest are reported.
 *
 * <p>The flow runs with {@code sluice.batch.max-elements = 1}: the runtime fills a source's batch
 * from its iterator before sending it, so with a larger value the second {@code next()} would
 * wait for an element still held in the source's unsent batch, and the run would fail after
 * {@code LockstepSource}'s timeout. With one element in flight every batch holds one element
 * whatever the setting, so this measures the same per-element path as the default configuration.
 *
 * <pre>
 * W2Latency [elements=20_000] [warm-up elements=2_000]
 * </pre>
 */
public final class W2Latency {

    /** Percentiles of the measured round trips, in nanoseconds. */
    record Latencies(int count, long p50, long p90, long p99, long max) {

        static Latencies of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Latencies(sorted.length, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                    sorted[sorted.length - 1]);
        }

        /** The nearest-rank percentile. */
        private static long percentile(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        String describe() {
            return String.format(Locale.ROOT, "%d round trips: p50 %s, p90 %s, p99 %s, max %s", count, micros(p50),
                    micros(p90), micros(p99), micros(max));
        }

        private static String micros(long nanos) {
            return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
        }
    }

    private W2Latency() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int measured = Args.elements(args, 0, 20_000);
            int warmUp = Args.elements(args, 1, 2_000);
            System.out.println("W2 latency, in-jvm, " + measured + " elements one at a time after " + warmUp + " warm-up elements");
            System.out.println("W2 " + run(measured, warmUp).describe());
        });
    }

    /** One deployment that sends {@code warmUp + measured} elements one at a time; the percentiles of the last {@code measured}. */
    static Latencies run(int measured, int warmUp) {
        int total = Math.addExact(warmUp, measured);
        LockstepSource source = new LockstepSource(total);
        Tally tally = new Tally(total);
        FlowBuilder flow = new FlowBuilder();
        Process<W1Throughput.Leader> leader = flow.process(W1Throughput.Leader.class);
        Cluster<W1Throughput.Worker> workers = flow.cluster(W1Throughput.Worker.class);
        W1Throughput.pipeline(leader, workers, source, x -> {
            tally.add(x);
            source.arrived(x);
        });
        Config oneByOne = ConfigFactory.parseString("sluice.batch.max-elements = 1").withFallback(ConfigFactory.load());
        try (Deployment deployment = new Deployment(oneByOne)) {
            flow.withProcess(leader, deployment.inJvm())
                .withCluster(workers, Collections.nCopies(W1Throughput.WORKERS, deployment.inJvm()))
                .deploy(deployment);
            deployment.deploy();
            deployment.start();
            W1Throughput.awaitCompletion(deployment, Duration.ofSeconds(60).plusMillis(10L * total));
            tally.verify(deployment.stdout(leader));
            tally.verify();
        }
        return Latencies.of(source.roundTrips(warmUp));
    }
}
