package io.sluice.runtime.actor;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.plan.FlowPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coordinator's termination detection for loops, on scripted answers. */
class LoopWavesTest {

    static final class Leader {
    }

    static final class Worker {
    }

    /** A loop of 2 nodes on the leader (cycle, union) and 1 on each of 2 workers (map): 4 answers a wave. */
    private static FlowPlan loopPlan() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        var back = leader.<Integer>forwardRef();
        var all = leader.sourceIter(List.of(1)).union(back.stream());
        back.complete(all.roundRobin(workers).map(x -> x).sendAnonymous(leader));
        return FlowPlan.of(flow.build(), List.of(1, 2));
    }

    /** One wave in which the operators answer these (sent, received, quiet) triples, in order. */
    private static List<Integer> wave(LoopWaves waves, Map<Integer, Integer> membersAt, long[][] answers) {
        int wave = waves.start(membersAt);
        List<Integer> ended = List.of();
        for (long[] a : answers) {
            ended = waves.record(new CoordinatorMessage.LoopState(wave, 0, 0, 0, a[0], a[1], a[2] == 1));
        }
        return ended;
    }

    @Test
    void aLoopEndsAfterTwoIdenticalBalancedQuietWavesOnly() {
        FlowPlan plan = loopPlan();
        assertEquals(1, plan.loops().size());
        assertEquals(5, plan.loops().get(0).nodes().size(), "cycle, union, receiver and map, anonymous receiver");
        assertEquals(6, plan.loops().get(0).region().size(), "and the source");
        LoopWaves waves = new LoopWaves(plan);
        Map<Integer, Integer> members = Map.of(0, 1, 1, 2);
        // source, cycle, union, anonymous receiver on the leader; receiver and map on each of 2 workers: 8 answers
        long[][] busy = {{3, 2, 1}, {3, 3, 1}, {2, 2, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 1}};
        long[][] balanced = {{3, 3, 1}, {3, 3, 1}, {2, 2, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 1}};
        long[][] moved = {{4, 4, 1}, {4, 4, 1}, {2, 2, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 1}};
        long[][] notQuiet = {{4, 4, 1}, {4, 4, 0}, {2, 2, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 1}};

        assertEquals(List.of(), wave(waves, members, busy), "a batch in flight");
        assertEquals(List.of(), wave(waves, members, balanced), "balanced, but the wave before was not");
        assertEquals(List.of(), wave(waves, members, moved), "counters moved since the last wave");
        assertEquals(List.of(), wave(waves, members, notQuiet), "an operator still holds input");
        assertEquals(List.of(), wave(waves, members, moved), "balanced, but the wave before was not quiet");
        assertTrue(waves.hasLiveRegions());
        assertEquals(List.of(0), wave(waves, members, moved), "two identical balanced quiet waves");
        assertFalse(waves.hasLiveRegions());
    }

    @Test
    void aWaveCountsAnswersFromLiveMembersOnlyAndIgnoresStaleOnes() {
        LoopWaves waves = new LoopWaves(loopPlan());
        long[][] balanced = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 1}};
        // worker 1 left: 4 answers from the leader, 2 from worker 0
        Map<Integer, Integer> members = Map.of(0, 1, 1, 1);
        assertEquals(List.of(), wave(waves, members, balanced));
        int wave = waves.start(members);
        assertEquals(List.of(), waves.record(new CoordinatorMessage.LoopState(wave - 1, 0, 0, 0, 1, 1, true)),
                "an answer to an earlier wave");
        assertTrue(waves.isRunning());
        waves.reset();
        assertFalse(waves.isRunning(), "a member left: the wave is dropped");
        assertEquals(List.of(), wave(waves, members, balanced), "and the totals before it forgotten");
        assertEquals(List.of(0), wave(waves, members, balanced));
    }
}
