package io.sluice.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The modes' contracts: exhaustive's bound, replays, seeds, failures in operator code. */
class SimulationModesTest {

    static final class Leader {
    }

    static final class Worker {
    }

    /** Three workers each send two numbers back: the leader sees every interleaving of three ordered pairs. */
    static SimBody interleavings(List<List<Integer>> seen) {
        return sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            SimOutput<Integer> out = sim.output(leader.sourceIter(List.of(0, 1, 2, 3, 4, 5)).roundRobin(workers)
                    .sendAnonymous(leader));
            flow.withProcess(leader, sim.host()).withCluster(workers, Collections.nCopies(3, sim.host())).deploy(sim);
            seen.add(out.drain());
        };
    }

    @Test
    void exhaustiveRunsEveryInterleavingOnceAndKeepsOrderPerSender() {
        List<List<Integer>> seen = new java.util.ArrayList<>();
        int runs = Simulation.exhaustive().run(interleavings(seen));
        // 6! / (2! 2! 2!) ways to interleave three ordered pairs
        assertEquals(90, runs);
        assertEquals(90, seen.stream().distinct().count(), "every schedule is a different interleaving");
        for (List<Integer> order : seen) {
            for (int w = 0; w < 3; w++) {
                assertTrue(order.indexOf(w) < order.indexOf(w + 3), "member " + w + "'s order kept in " + order);
            }
        }
    }

    @Test
    void exhaustiveSaysSoWhenTheSpaceIsTooBig() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Simulation.exhaustive().maxSchedules(50).run(interleavings(new java.util.ArrayList<>())));
        assertTrue(e.getMessage().startsWith("exhaustive(): the flow has more than 50 schedules"), e.getMessage());
        assertTrue(e.getMessage().contains("fuzz(runs)"), e.getMessage());
    }

    @Test
    void fuzzIsTheSameForTheSameSeedAndReplaysEachRun() {
        List<List<Integer>> first = new java.util.ArrayList<>();
        List<List<Integer>> again = new java.util.ArrayList<>();
        Simulation.fuzz(20).seed(42).run(interleavings(first));
        Simulation.fuzz(20).seed(42).run(interleavings(again));
        assertEquals(first, again);
        assertTrue(first.stream().distinct().count() > 5, "random schedules differ: " + first);
    }

    @Test
    void aBatchSeesEverySplitOfItsInputAcrossTicks() {
        List<List<Long>> sizes = new java.util.ArrayList<>();
        Simulation.exhaustive().run(sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Tick<Process<Leader>> tick = leader.tick();
            SimOutput<Long> perTick = sim.output(leader.sourceIter(List.of(1, 2, 3)).batch(tick).count().intoStream()
                    .allTicks());
            flow.withProcess(leader, sim.host()).deploy(sim);
            sizes.add(perTick.drain());
        });
        // 3 elements into ticks: 1+1+1, 1+2, 2+1, 3
        assertEquals(List.of(List.of(1L, 1L, 1L), List.of(1L, 2L), List.of(2L, 1L), List.of(3L)),
                sizes.stream().distinct().sorted(java.util.Comparator.comparing(Object::toString)).toList());
    }

    @Test
    void aFailureInOperatorCodeNamesTheOperatorAndMember() {
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> Simulation.fuzz(5).run(sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            sim.output(leader.sourceIter(List.of(1, 2, 3)).roundRobin(workers)
                    .map(n -> 10 / (n - 2)).sendAnonymous(leader));
            flow.withProcess(leader, sim.host()).withCluster(workers, Collections.nCopies(2, sim.host())).deploy(sim);
            sim.settle();
        }));
        assertTrue(f.getMessage().contains("map at SimulationModesTest.java"), f.getMessage());
        assertTrue(f.getMessage().contains("failed on Worker (cluster 1) / 1"), f.getMessage());
        assertTrue(f.getMessage().contains("ArithmeticException"), f.getMessage());
        assertEquals(1, f.run());
    }

    @Test
    void aScheduleThatDoesNotFitSaysSo() {
        SimulationFailure f = assertThrows(SimulationFailure.class,
                () -> Simulation.replay("0.7").run(interleavings(new java.util.ArrayList<>())));
        assertTrue(f.getCause().getMessage().startsWith("the schedule does not fit this run"), f.getMessage());
    }

    @Test
    void workHandedOverFromAnotherThreadFailsTheRun() {
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> Simulation.replay(1L).run(sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            CompletableFuture<Integer> later = new CompletableFuture<>();
            SimOutput<Integer> out = sim.output(leader.sourceIter(List.of(1)).resolveFutures(n -> later));
            flow.withProcess(leader, sim.host()).deploy(sim);
            Thread t = new Thread(() -> later.complete(5));
            t.start();
            t.join();
            out.drain();
        }));
        assertTrue(f.getCause().getMessage().contains("was handed work from another thread"), f.getMessage());
    }
}
