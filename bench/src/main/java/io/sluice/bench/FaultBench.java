package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import io.sluice.deploy.MemberRestart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Failover under load: the leader and 4 workers each in a JVM of its own, plus one spare worker
 * JVM; when the leader has dealt {@code kill-at} of the input, worker 1's JVM is killed with
 * SIGKILL. The run must still complete with the exact result. Printed per run: the time from the
 * kill to the flow running again (its sources restarted, with worker 1 on another node), split
 * into detection (kill to the coordinator noticing) and restart (noticing to running), the nodes,
 * and the whole run's time; then medians with min–max.
 *
 * <pre>
 * FaultBench [N=100_000_000] [runs=3] [w1|keyed] [kill-at=0.3]
 * </pre>
 *
 * {@code w1}: W1's pipeline (round robin to the workers, {@code x -> 2x}, back to the leader),
 * with the count and sum folded on the leader and checked once the input has ended. {@code keyed}:
 * {@value #KEYS} keys, demuxed to the workers by key, counted per key there, every count checked
 * on the leader at the end. A restart reruns the flow from its beginning: the time after the kill
 * includes the part dealt before it, done again.
 */
public final class FaultBench {

    /** Keys of the keyed workload. */
    static final int KEYS = 10_000;
    private static final int WORKERS = W1Throughput.WORKERS;
    /** The worker whose JVM is killed. */
    private static final int VICTIM = 1;

    private FaultBench() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int n = Args.elements(args, 0, 100_000_000);
            int runs = (int) Args.positive(args, 1, 3, "runs");
            boolean keyed = args.length > 2 && args[2].equals("keyed");
            double killAt = args.length > 3 ? Double.parseDouble(args[3]) : 0.3;
            if (MemberJvm.active()) {
                run(n, keyed, killAt);
                return;
            }
            System.out.printf(Locale.ROOT, "fault bench, %s, N = %,d, %d runs: kill -9 worker %d at %.0f%% dealt;"
                    + " 1 leader + %d workers + 1 spare, one JVM each%n", keyed ? "keyed count" : "W1", n, runs,
                    VICTIM, killAt * 100, WORKERS);
            List<Outcome> outcomes = new ArrayList<>();
            for (int r = 1; r <= runs; r++) {
                Outcome o = run(n, keyed, killAt);
                outcomes.add(o);
                System.out.printf(Locale.ROOT, "run %d: %s; kill to running again %,d ms (detection %,d ms, restart"
                        + " %,d ms); %s moved from %s to %s; whole run %.1f s%n", r, o.result, o.killToRunning(),
                        o.detection(), o.restartMillis(), o.restart.member(), o.restart.lostOn(), o.restart.restartedOn(),
                        o.seconds);
            }
            System.out.println("kill to running again: " + spread(outcomes.stream().map(Outcome::killToRunning).toList())
                    + " ms; detection " + spread(outcomes.stream().map(Outcome::detection).toList())
                    + " ms; restart " + spread(outcomes.stream().map(Outcome::restartMillis).toList()) + " ms");
        });
    }

    private record Outcome(String result, Instant killed, MemberRestart restart, double seconds) {
        long killToRunning() {
            return Duration.between(killed, restart.running()).toMillis();
        }

        long detection() {
            return Duration.between(killed, restart.noticed()).toMillis();
        }

        long restartMillis() {
            return restart.recovery().toMillis();
        }
    }

    /** "median (min–max)". */
    private static String spread(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "median %,d (%,d–%,d)", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    private static Outcome run(int n, boolean keyed, double killAt) {
        FlowBuilder flow = new FlowBuilder();
        Process<W1Throughput.Leader> leader = flow.process(W1Throughput.Leader.class);
        Cluster<W1Throughput.Worker> workers = flow.cluster(W1Throughput.Worker.class);
        int killLine = (int) Math.round(killAt * 10);
        if (keyed) {
            keyed(leader, workers, n);
        } else {
            w1(leader, workers, n);
        }
        try (Deployment deployment = new Deployment()) {
            flow.withProcess(leader, deployment.localhost())
                .withCluster(workers, Collections.nCopies(WORKERS, deployment.localhost()))
                .withSpares(workers, List.of(deployment.localhost()))
                .deploy(deployment);
            deployment.deploy();
            long started = System.nanoTime();
            deployment.start();
            if (MemberJvm.active()) {
                W1Throughput.awaitCompletion(deployment, Duration.ofHours(1));
                return null;
            }
            String mark = "dealt " + killLine + "0%";
            await(() -> deployment.stdout(leader).contains(mark), Duration.ofMinutes(5), "the leader to print " + mark);
            Instant killed = Instant.now();
            deployment.crash(workers, VICTIM);
            W1Throughput.awaitCompletion(deployment, W1Throughput.timeLimit(3L * n).plusMinutes(1));
            double seconds = (System.nanoTime() - started) / 1e9;
            List<String> lines = W1Throughput.awaitOutput(deployment, leader);
            await(() -> deployment.stdout(leader).stream().anyMatch(l -> l.startsWith("result:")), Duration.ofSeconds(10),
                    "the leader's result");
            String result = deployment.stdout(leader).stream().filter(l -> l.startsWith("result:")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no result among " + lines));
            if (!result.endsWith("exact")) {
                throw new IllegalStateException("the result is wrong after the failover: " + result);
            }
            List<MemberRestart> restarts = deployment.restarts();
            if (restarts.size() != 1) {
                throw new IllegalStateException("expected one restart, saw " + restarts);
            }
            return new Outcome(result, killed, restarts.get(0), seconds);
        }
    }

    /** W1, folded and checked on the leader; the leader prints each tenth dealt. */
    private static void w1(Process<W1Throughput.Leader> leader, Cluster<W1Throughput.Worker> workers, int n) {
        dealt(leader, n)
              .roundRobin(workers)
              .map(x -> x * 2L)
              .sendAnonymous(leader)
              .foldCommutative(() -> new long[2], (acc, x) -> {
                  acc[0]++;
                  acc[1] += x;
                  return acc;
              })
              .atEnd()
              .forEach(acc -> System.out.println("result: " + acc[0] + " elements, sum " + acc[1] + ": "
                      + (acc[0] == n && acc[1] == (long) n * (n - 1) ? "exact" : "WRONG")));
    }

    /** Keyed counts on the workers, every key's count checked on the leader. */
    private static void keyed(Process<W1Throughput.Leader> leader, Cluster<W1Throughput.Worker> workers, int n) {
        dealt(leader, n)
              .map(i -> KV.of(MemberId.<W1Throughput.Worker>of(W4Keyed.worker(i % KEYS)), i % KEYS))
              .<W1Throughput.Worker, Integer>demux(workers)
              .keyBy(k -> k)
              .count()
              .atEnd()
              .sendAnonymous(leader)
              .foldCommutative(() -> new long[3], (acc, kv) -> {
                  acc[0]++;
                  acc[1] += kv.value();
                  acc[2] += kv.value() == n / KEYS + (kv.key() < n % KEYS ? 1 : 0) ? 0 : 1;
                  return acc;
              })
              .atEnd()
              .forEach(acc -> System.out.println("result: " + acc[0] + " keys, " + acc[1] + " elements, " + acc[2]
                      + " wrong counts: " + (acc[0] == Math.min(n, KEYS) && acc[1] == n && acc[2] == 0
                              ? "exact" : "WRONG")));
    }

    private static io.sluice.dataflow.ProcessStream<Integer, W1Throughput.Leader> dealt(
            Process<W1Throughput.Leader> leader, int n) {
        int tenth = Math.max(1, n / 10);
        return leader.sourceIter(new IntRange(0, n))
                .inspect(i -> {
                    if (i % tenth == 0 && i > 0) {
                        System.out.println("dealt " + (i / tenth * 10) + "%");
                    }
                });
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + limit + " for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
