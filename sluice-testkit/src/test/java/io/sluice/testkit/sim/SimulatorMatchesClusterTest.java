package io.sluice.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import io.sluice.deploy.FlowRun;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The simulator and the real in-JVM cluster print the same for deterministic programs: the
 * examples' {@code FirstTenCluster} and {@code MapReduce} flows (copied here, the test kit does
 * not depend on the examples), run together on one leader and four workers. What is
 * deterministic is compared exactly: each worker's lines in order, the leader's lines as a
 * multiset ({@code sendAnonymous} does not order senders), and the final count of every word.
 */
class SimulatorMatchesClusterTest {

    static final class Leader {
    }

    static final class Worker {
    }

    static final int WORKERS = 4;

    static final List<String> TEXT = List.of(
            "A stream is a sequence of values that arrive over time",
            "a singleton is one value that changes over time",
            "a tick is a moment in which a member takes what has arrived",
            "and every operator of the tick sees the same batch",
            "values cross the network only where the program says so",
            "so the program says where every value lives and moves");

    /** From {@code io.sluice.examples.FirstTenCluster}. */
    static void firstTenCluster(Process<Leader> leader, Cluster<Worker> workers) {
        leader.sourceIter(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))
              .roundRobin(workers)
              .map(n -> n * 2)
              .inspect(n -> System.out.println(n))
              .sendAnonymous(leader)
              .forEach(n -> System.out.println(n));
    }

    /** From {@code io.sluice.examples.MapReduce}. */
    static void mapReduce(Process<Leader> leader, Cluster<Worker> workers, Iterable<String> lines) {
        Tick<Cluster<Worker>> tick = workers.tick();
        leader.sourceIter(lines)
              .roundRobin(workers)
              .flatMap(SimulatorMatchesClusterTest::words)
              .batch(tick)
              .keyBy(word -> word)
              .count()
              .entries()
              .allTicks()
              .sendAnonymous(leader)
              .<String, Long>intoKeyed()
              .reduceCommutative(Long::sum)
              .sampleEvery(Duration.ofSeconds(1))
              .forEach(kv -> System.out.println(kv.key() + ": " + kv.value()));
    }

    static List<String> words(String line) {
        return Arrays.stream(line.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** What a run printed, reduced to what is deterministic. */
    record Printed(List<List<String>> workers, List<String> leaderNumbers, Map<String, String> finalCounts) {

        static Printed of(List<String> leader, BiFunction<Cluster<Worker>, Integer, List<String>> worker,
                          Cluster<Worker> workers) {
            List<List<String>> perWorker = java.util.stream.IntStream.range(0, WORKERS)
                    .mapToObj(m -> worker.apply(workers, m)).toList();
            List<String> numbers = leader.stream().filter(l -> !l.contains(":")).sorted().toList();
            Map<String, String> counts = new TreeMap<>();
            leader.stream().filter(l -> l.contains(":")).forEach(l -> {
                String[] kv = l.split(": ");
                counts.put(kv[0], kv[1]);
            });
            return new Printed(perWorker, numbers, counts);
        }
    }

    @Test
    void firstTenClusterAndMapReducePrintTheSameInTheSimulatorAsOnTheCluster() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        firstTenCluster(leader, workers);
        mapReduce(leader, workers, TEXT);
        Printed real;
        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, WORKERS).start()) {
            run.awaitCompletion(Duration.ofSeconds(60));
            real = Printed.of(run.deployment().stdout(leader), run.deployment()::stdout, workers);
        }
        assertEquals(List.of(List.of("0", "8", "16"), List.of("2", "10", "18"), List.of("4", "12"), List.of("6", "14")),
                real.workers());
        assertEquals(10, real.leaderNumbers().size());
        assertEquals("6", real.finalCounts().get("a"));

        Simulation.fuzz(200).run(sim -> {
            FlowBuilder simFlow = new FlowBuilder();
            Process<Leader> simLeader = simFlow.process(Leader.class);
            Cluster<Worker> simWorkers = simFlow.cluster(Worker.class);
            firstTenCluster(simLeader, simWorkers);
            mapReduce(simLeader, simWorkers, TEXT);
            simFlow.withProcess(simLeader, sim.host())
                   .withCluster(simWorkers, java.util.Collections.nCopies(WORKERS, sim.host()))
                   .deploy(sim);
            sim.settle();
            assertTrue(sim.completed(), "the flow completes");
            assertEquals(real, Printed.of(sim.stdout(simLeader), sim::stdout, simWorkers));
        });
    }
}
