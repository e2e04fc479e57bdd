package io.sluice.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.deploy.launch.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * The baseline for W1: the same work as the Sluice pipeline, written by hand on Pekko. Five
 * typed ActorSystems in this JVM form a Pekko cluster over Artery TCP on 127.0.0.1 (free ports,
 * one system name, all joining the first); the leader on the first finds the 4 workers through
 * the receptionist and sends them {@value #BATCH}-int batches round-robin, at most
 * {@value #WINDOW} unacknowledged batches per worker; the workers double into long batches that
 * go back to the leader under the same credit scheme; the leader counts and sums, and the run
 * must be exact. Messages are written by {@link BaselineSerializer}; Java serialization stays off.
 * A run is timed from the leader's start to the last element's arrival; forming and stopping the
 * cluster are excluded, as Sluice's deployment is in W1.
 *
 * <pre>
 * Baseline [N=10_000_000] [runs=3]
 * </pre>
 */
public final class Baseline {

    /** Elements per batch, as the issue specifies for the baseline (Sluice's default batch is larger). */
    static final int BATCH = 1024;
    /** Batches in flight per channel (Sluice's default window is 16 batches of up to 8192 elements). */
    static final int WINDOW = 32;

    private static final int WORKERS = 4;
    private static final Duration FORMATION = Duration.ofSeconds(30);

    private static final Config CONFIG = ConfigFactory.parseString("""
            pekko {
              loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
              logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
              log-dead-letters-during-shutdown = off
              actor {
                provider = cluster
                allow-java-serialization = off
                serializers.baseline = "io.sluice.bench.BaselineSerializer"
                serialization-bindings { "io.sluice.bench.BaselineMessage" = baseline }
              }
              remote.artery {
                transport = tcp
                canonical.hostname = "127.0.0.1"
                canonical.port = 0
              }
              cluster {
                jmx.multi-mbeans-in-same-jvm = on
                log-info = off
                failure-detector.acceptable-heartbeat-pause = 10s
              }
              coordinated-shutdown.phases {
                cluster-leave.enabled = off
                cluster-exiting.enabled = off
                cluster-exiting-done.enabled = off
                cluster-shutdown.enabled = off
              }
            }
            """).withFallback(ConfigFactory.load());

    private Baseline() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int n = Args.elements(args, 0, 10_000_000);
            int runs = (int) Args.positive(args, 1, 3, "runs");
            System.out.println("Baseline (hand-written Pekko), N = " + n + ", " + runs + " runs after 1 warm-up");
            System.out.println("warm-up: " + run(n).describe());
            List<RunResult> results = new ArrayList<>();
            for (int r = 1; r <= runs; r++) {
                RunResult result = run(n);
                results.add(result);
                System.out.println("run " + r + ": " + result.describe());
            }
            System.out.println("Baseline median: " + RunResult.rate(RunResult.medianPerSecond(results))
                    + " over " + RunResult.rates(results) + W1Throughput.cpuNote(results));
        });
    }

    /** Forms a fresh cluster, runs {@code 0 .. n-1} through it, checks the totals and stops the cluster. */
    static RunResult run(int n) throws Exception {
        List<ActorSystem<Void>> systems = new ArrayList<>();
        try {
            for (int s = 0; s <= WORKERS; s++) {
                systems.add(ActorSystem.create(Behaviors.empty(), "baseline", CONFIG));
            }
            Address seed = Cluster.get(systems.get(0)).selfMember().address();
            systems.forEach(system -> Cluster.get(system).manager().tell(Join.create(seed)));
            awaitUp(systems);
            ActorSystem<Void> leaderSystem = systems.get(0);
            ActorRef<BaselineLeader.Command> leader =
                    leaderSystem.systemActorOf(BaselineLeader.create(), "leader", Props.empty());
            for (ActorSystem<Void> system : systems.subList(1, systems.size())) {
                system.systemActorOf(BaselineWorker.create(), "worker", Props.empty());
            }
            List<ActorRef<BaselineWorker.Command>> workers = findWorkers(leaderSystem);

            CompletableFuture<BaselineLeader.Totals> done = new CompletableFuture<>();
            long cpuStarted = RunResult.processCpuNanos();
            long started = System.nanoTime();
            leader.tell(new BaselineLeader.Run(n, workers, BATCH, WINDOW, done));
            BaselineLeader.Totals totals = done.get(W1Throughput.timeLimit(n).toSeconds(), TimeUnit.SECONDS);
            long nanos = System.nanoTime() - started;
            long cpuNanos = RunResult.processCpuNanos() - cpuStarted;
            if (totals.count() != n || totals.sum() != Tally.expectedSum(n)) {
                throw new IllegalStateException("WRONG RESULT: the baseline leader counted " + totals.count()
                        + " elements summing to " + totals.sum() + ", expected " + n + " summing to " + Tally.expectedSum(n));
            }
            return new RunResult(n, nanos, cpuNanos);
        } finally {
            terminate(systems);
        }
    }

    private static void awaitUp(List<ActorSystem<Void>> systems) throws InterruptedException {
        long deadline = System.nanoTime() + FORMATION.toNanos();
        while (!systems.stream().allMatch(s -> upCount(s) == systems.size())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the baseline cluster did not form within " + FORMATION);
            }
            Thread.sleep(50);
        }
    }

    private static long upCount(ActorSystem<Void> system) {
        return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up())
                .count();
    }

    /** The workers' refs, ordered by address, once all of them are registered. */
    private static List<ActorRef<BaselineWorker.Command>> findWorkers(ActorSystem<Void> system) throws Exception {
        long deadline = System.nanoTime() + FORMATION.toNanos();
        while (true) {
            Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                    system.receptionist(), replyTo -> Receptionist.find(BaselineWorker.KEY, replyTo),
                    Duration.ofSeconds(5), system.scheduler()).toCompletableFuture().get();
            List<ActorRef<BaselineWorker.Command>> workers = new ArrayList<>(listing.getServiceInstances(BaselineWorker.KEY));
            if (workers.size() == WORKERS) {
                workers.sort(Comparator.comparing(ref -> ref.path().address().toString()));
                return workers;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + workers.size() + " of " + WORKERS
                        + " baseline workers registered within " + FORMATION);
            }
            Thread.sleep(50);
        }
    }

    private static void terminate(List<ActorSystem<Void>> systems) throws InterruptedException {
        systems.forEach(ActorSystem::terminate);
        for (ActorSystem<Void> system : systems) {
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a baseline ActorSystem did not stop within 30 s", e);
            }
        }
    }
}
