package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * W1, throughput: the seed's pipeline at scale. The leader streams {@code 0 .. N-1} from a lazy
 * range, {@code roundRobin} spreads it over 4 workers, each maps {@code x -> 2x} (as a
 * {@code Long}), {@code sendAnonymous} brings everything back to the leader, whose
 * {@code forEach} counts and sums. A run is timed from {@code start()} to the return of
 * {@code awaitCompletion} (deployment and cluster formation are excluded) and is exact or fails:
 * the count must be N and the sum {@code N * (N - 1)}.
 *
 * <pre>
 * W1Throughput [N=10_000_000] [runs=3] [in-jvm|localhost] [warm-ups=1]
 * </pre>
 *
 * {@code in-jvm}: every member is an ActorSystem in this JVM, over Artery TCP on 127.0.0.1.
 * {@code localhost}: every member is a JVM of its own, launched by the deployment (this program
 * again, with the JVM options of {@code sluice.localhost.jvm-options}); the leader's check then
 * arrives through its printed output. Warm-up runs (one by default) precede the counted
 * ones; the median of the counted runs is reported.
 */
public final class W1Throughput {

    /** The leader's tag. */
    public static final class Leader {
    }

    /** The workers' tag. */
    public static final class Worker {
    }

    /** Members of the worker cluster. */
    static final int WORKERS = 4;

    private static final Duration OUTPUT_WAIT = Duration.ofSeconds(10);

    private W1Throughput() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int n = Args.elements(args, 0, 10_000_000);
            int runs = (int) Args.positive(args, 1, 3, "runs");
            boolean localhost = Args.localhost(args, 2);
            if (MemberJvm.active()) {
                run(n, localhost);
                return;
            }
            int warmUps = (int) Args.positive(args, 3, 1, "warm-ups");
            System.out.println("W1 throughput, " + (localhost ? "localhost (one JVM per member)" : "in-jvm")
                    + ", N = " + n + ", " + runs + " runs after " + warmUps + " warm-up(s)");
            for (int w = 1; w <= warmUps; w++) {
                System.out.println("warm-up " + w + ": " + run(n, localhost).describe());
            }
            List<RunResult> results = new ArrayList<>();
            for (int r = 1; r <= runs; r++) {
                RunResult result = run(n, localhost);
                results.add(result);
                System.out.println("run " + r + ": " + result.describe());
            }
            System.out.println("W1 median: " + RunResult.rate(RunResult.medianPerSecond(results))
                    + " over " + RunResult.rates(results) + cpuNote(results));
        });
    }

    /** {@code ", median 160 ns CPU/element"}, or nothing when the work ran in other JVMs. */
    static String cpuNote(List<RunResult> results) {
        double cpu = RunResult.medianCpuPerElement(results);
        return cpu < 0 ? "" : String.format(Locale.ROOT, ", median %.0f ns CPU/element", cpu);
    }

    /**
     * The pipeline: {@code source} on the leader, round-robin to the workers, doubled into a
     * {@code Long}, back to the leader into {@code sink}.
     */
    static void pipeline(Process<Leader> leader, Cluster<Worker> workers, Iterable<Integer> source, Consumer<Long> sink) {
        leader.sourceIter(source)
              .roundRobin(workers)
              .map(x -> x * 2L)
              .sendAnonymous(leader)
              .forEach(sink);
    }

    /**
     * One deployment of the pipeline over {@code 0 .. n-1}, timed and checked. In a member JVM
     * ({@link MemberJvm}) it only serves that member until the flow completes.
     */
    static RunResult run(int n, boolean localhost) {
        Tally tally = new Tally(n);
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        pipeline(leader, workers, new IntRange(0, n), tally::add);
        return SluiceRun.run(n, localhost, flow, leader, workers, deployment -> {
            tally.verify(W1Throughput.awaitOutput(deployment, leader));
            if (!localhost) {
                tally.verify();
            }
        });
    }

    /** A minute, plus a second per million elements: a run slower than that has a problem. */
    static Duration timeLimit(long n) {
        return Duration.ofSeconds(60 + n / 1_000_000);
    }

    /**
     * Waits for the flow to complete.
     *
     * @throws IllegalStateException when it does not complete within {@code limit}
     */
    static void awaitCompletion(Deployment deployment, Duration limit) {
        if (!deployment.awaitCompletion(limit)) {
            throw new IllegalStateException("the flow did not complete within " + limit);
        }
    }

    /**
     * What the leader printed, once it printed something: a child JVM's output may trail the
     * completion report a little.
     */
    static List<String> awaitOutput(Deployment deployment, Process<?> process) {
        long deadline = System.nanoTime() + OUTPUT_WAIT.toNanos();
        List<String> lines = deployment.stdout(process);
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            sleep(20);
            lines = deployment.stdout(process);
        }
        return lines;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
