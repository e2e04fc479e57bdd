package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.Collections;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Hydro's {@code compute_pi}: every worker throws random darts at the unit square in rounds,
 * counts per tick how many land inside the quarter circle, and sends its counts anonymously to
 * the leader, which adds them up (commutatively: they arrive in any order) and prints its
 * estimate of pi every second, and once more at the end.
 *
 * <pre>
 * [io.sluice.examples.ComputePi.Leader (process 0)] pi ~ 3.141592 after 40000000 trials
 * </pre>
 *
 * Run: {@code java -jar examples/target/sluice-examples.jar ComputePi [rounds] [--in-jvm]}.
 */
public final class ComputePi {

    /** The leader's tag. */
    public static final class Leader {
    }

    /** The workers' tag. */
    public static final class Worker {
    }

    /** Darts inside the quarter circle, out of {@code total}. */
    public record Counts(long inside, long total) {

        /** No darts yet. */
        public static final Counts ZERO = new Counts(0, 0);

        /** Both counts added. */
        public Counts plus(Counts other) {
            return new Counts(inside + other.inside, total + other.total);
        }

        /** The estimate of pi these darts give. */
        public double estimate() {
            return 4.0 * inside / total;
        }
    }

    /** Darts per round. */
    public static final int TRIALS_PER_ROUND = 10_000;

    private ComputePi() {
    }

    /** The flow: {@code rounds} rounds of darts on every worker, from random streams seeded by {@code seed}. */
    public static void computePi(Process<Leader> leader, Cluster<Worker> workers, int rounds, long seed) {
        Tick<Cluster<Worker>> tick = workers.tick();
        workers.sourceIter(() -> IntStream.range(0, rounds).iterator())
               .batch(tick)                                            // the rounds due this tick
               .map(round -> throwDarts(seed, workers.selfId().raw(), round))
               .foldCommutative(() -> Counts.ZERO, Counts::plus)      // this tick's counts
               .intoStream()
               .allTicks()
               .sendAnonymous(leader)
               .reduceCommutative(Counts::plus)                       // every worker's, so far
               .sampleEvery(Duration.ofSeconds(1))
               .forEach(c -> System.out.printf("pi ~ %.6f after %d trials%n", c.estimate(), c.total()));
    }

    /** One round of darts, from a random stream that depends only on the seed, the worker and the round. */
    static Counts throwDarts(long seed, int worker, int round) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + worker * 65_537L + round);
        long inside = 0;
        for (int i = 0; i < TRIALS_PER_ROUND; i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y < 1.0) {
                inside++;
            }
        }
        return new Counts(inside, TRIALS_PER_ROUND);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 && !args[0].startsWith("-") ? Integer.parseInt(args[0]) : 1_000;
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        computePi(leader, workers, rounds, 42);
        flow.withProcess(leader, Examples.host(deployment, args))
            .withCluster(workers, Collections.nCopies(4, Examples.host(deployment, args)))
            .deploy(deployment);
        deployment.deploy();
        deployment.startCtrlC();
    }
}
