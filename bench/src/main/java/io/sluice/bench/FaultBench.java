package io.sluice.bench;

import io.sluice.deploy.Deployment;
import io.sluice.deploy.MemberRestart;
import io.sluice.examples.SparesDemo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Failover under load, on {@link SparesDemo}'s flows: the leader and 4 workers each in a JVM of its own, plus one spare worker
 * JVM; when the leader has dealt {@code kill-at} of the input, worker 1's JVM is killed with
 * SIGKILL. The run must still complete with the exact result. Printed per run: the time from the
 * kill to the flow running again (its sources restarted, with worker 1 on another node), split
 * into detection (kill to the coordinator noticing) and restart (noticing to running), the nodes,
 * and the whole run's time; then medians with min–max.
 *
 * <pre>
 * FaultBench [N=100_000_000] [runs=3] [w1|keyed|queue|port] [kill-at=0.3]
 * </pre>
 *
 * {@code w1}: W1's pipeline (round robin to the workers, {@code x -> 2x}, back to the leader),
 * with the count and sum folded on the leader and checked once the input has ended
 * ({@link SparesDemo#sum}). {@code keyed}: 10,000 keys, demuxed to the workers by key, counted per
 * key there, every count checked on the leader at the end ({@link SparesDemo#keyed}). {@code queue}:
 * W1 with the elements offered, each once, to a {@code sourceQueue} by a thread of this JVM, which
 * hosts the leader (the workers and the spare are JVMs of their own); after the kill, the leader's
 * member emits again from its replay buffer what the source had emitted since the snapshot.
 * {@code port}: requests sent, each once, by a client of this JVM to an external port on the
 * leader (also in this JVM), each numbered by its worker, the answers checked by the client
 * ({@link PortClient}); the leader's member keeps the client connected through the restart and
 * replays the requests read since the snapshot. A restart
 * goes on from the last complete snapshot (every {@code sluice.snapshots.interval}, 1 s by
 * default), so the work redone is what came after it; the snapshot each run restarted from is
 * printed.
 */
public final class FaultBench {

    /** The worker whose JVM is killed. */
    private static final int VICTIM = 1;

    private FaultBench() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int n = Args.elements(args, 0, 100_000_000);
            int runs = (int) Args.positive(args, 1, 3, "runs");
            SparesFlow.Workload workload = SparesFlow.Workload.of(args.length > 2 ? args[2] : "w1");
            double killAt = args.length > 3 ? Double.parseDouble(args[3]) : 0.3;
            if (MemberJvm.active()) {
                run(n, workload, killAt);
                return;
            }
            System.out.printf(Locale.ROOT, "fault bench, %s, N = %,d, %d runs: kill -9 worker %d at %.0f%% dealt;"
                    + " 1 leader + %d workers + 1 spare, one JVM each%n", workload.label(), n, runs,
                    VICTIM, killAt * 100, SparesFlow.WORKERS);
            List<Outcome> outcomes = new ArrayList<>();
            for (int r = 1; r <= runs; r++) {
                Outcome o = run(n, workload, killAt);
                outcomes.add(o);
                System.out.printf(Locale.ROOT, "run %d: %s; kill to running again %,d ms (detection %,d ms, restart"
                        + " %,d ms); %s moved from %s to %s, from %s; whole run %.1f s%n", r, o.result, o.killToRunning(),
                        o.detection(), o.restartMillis(), o.restart.member(), o.restart.lostOn(), o.restart.restartedOn(),
                        o.restart.snapshot().isPresent() ? "snapshot " + o.restart.snapshot().getAsLong() : "its beginning",
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

    private static Outcome run(int n, SparesFlow.Workload workload, double killAt) {
        int killLine = (int) Math.round(killAt * 10);
        try (Deployment deployment = workload.deployment()) {
            SparesFlow flow = SparesFlow.deploy(deployment, n, workload, false);
            long started = System.nanoTime();
            deployment.start();
            if (MemberJvm.active()) {
                W1Throughput.awaitCompletion(deployment, Duration.ofHours(1));
                return null;
            }
            flow.feed(n);
            String mark = "dealt " + killLine + "0%";
            await(() -> deployment.stdout(flow.leader()).contains(mark), Duration.ofMinutes(5),
                    "the leader to print " + mark);
            Instant killed = Instant.now();
            deployment.crash(flow.workers(), VICTIM);
            flow.awaitDone(W1Throughput.timeLimit(3L * n).plusMinutes(1));
            double seconds = (System.nanoTime() - started) / 1e9;
            String result = flow.checkedResult();
            List<MemberRestart> restarts = deployment.restarts();
            if (restarts.size() != 1) {
                throw new IllegalStateException("expected one restart, saw " + restarts);
            }
            return new Outcome(result, killed, restarts.get(0), seconds);
        }
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
