package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Pair;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite programs with feedback through {@code forwardRef} complete: once a loop's inputs from
 * outside have ended and nothing circulates in it any more, the coordinator ends it, and the
 * end goes round from there. A loop that still circulates is never ended.
 */
class LoopTerminationTest {

    /** The report of the stopped, still circulating flow, expected here: printed only if unexpected. */
    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("flow failed: ");

    static final class Leader {
    }

    static final class Worker {
    }

    private static final Recorded SEEN = new Recorded();

    @Test
    void countdownLoopsOnAProcessEndAndTheFlowCompletes() {
        SEEN.clear();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);

        ForwardRef<ProcessStream<Integer, Leader>> plain = leader.forwardRef();
        ProcessStream<Integer, Leader> countdown = leader.sourceIter(List.of(5, 3)).union(plain.stream());
        plain.complete(countdown.filter(x -> x > 0).map(x -> x - 1));
        countdown.forEach(x -> SEEN.add("plain", x));

        // the same through a tick: each tick takes what came round since the last one
        Tick<Process<Leader>> tick = leader.tick();
        ForwardRef<ProcessStream<Integer, Leader>> ticked = leader.forwardRef();
        ProcessStream<Integer, Leader> perTick = leader.sourceIter(List.of(4)).union(ticked.stream());
        ticked.complete(perTick.batch(tick).filter(x -> x > 0).map(x -> x - 1).allTicks());
        perTick.forEach(x -> SEEN.add("ticked", x));

        try (FlowRun run = FlowRun.of(flow).process(leader).start()) {
            assertTrue(run.deployment().awaitCompletion(Duration.ofSeconds(60)), "the loops never ended; seen " + SEEN);
        }
        assertEquals(List.of(0, 0, 1, 1, 2, 2, 3, 3, 4, 5), sorted(SEEN.get("plain")));
        assertEquals(List.of(0, 1, 2, 3, 4), sorted(SEEN.get("ticked")));
    }

    @Test
    void aRetryLoopAcrossTheNetworkEndsOnceEveryTaskSucceeded() {
        SEEN.clear();
        int tasks = 600;
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);

        // (task, attempt): task t fails its first t % 4 attempts, then succeeds
        ForwardRef<ProcessStream<KV<Integer, Integer>, Leader>> retries = leader.forwardRef();
        ProcessStream<KV<Integer, Integer>, Leader> attempts = leader.sourceIter(IntStream.range(0, tasks).boxed().toList())
                .map(t -> KV.of(t, 0))
                .union(retries.stream());
        Pair<ProcessStream<KV<KV<Integer, Integer>, Boolean>, Leader>,
             ProcessStream<KV<KV<Integer, Integer>, Boolean>, Leader>> outcome = attempts
                .roundRobin(workers)
                .map(a -> KV.of(a, a.value() >= a.key() % 4))
                .sendAnonymous(leader)
                .inspect(r -> SEEN.add("attempts", r.key()))
                .partition(KV::value);
        outcome.first().map(KV::key).forEach(a -> SEEN.add("succeeded", a));
        retries.complete(outcome.second().map(KV::key).map(a -> KV.of(a.key(), a.value() + 1)));

        runOnTwoWorkers(flow, leader, workers, "the retry loop never ended");
        List<Object> expected = new ArrayList<>();
        IntStream.range(0, tasks).forEach(t -> expected.add(KV.of(t, t % 4)));
        assertEquals(sortedByTask(expected), sortedByTask(SEEN.get("succeeded")), "each task succeeded once, at its attempt");
        assertEquals(IntStream.range(0, tasks).map(t -> t % 4 + 1).sum(), SEEN.get("attempts").size());
    }

    @Test
    void aTickFedByItsOwnResultsThroughAnotherLocationCompletes() {
        SEEN.clear();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        Tick<Cluster<Worker>> tick = workers.tick();
        // No forward reference, but a dependency through the workers' clock: the tick ends only
        // when both of its entries' inputs have, and the second one is fed by the tick's output.
        ProcessStream<Integer, Leader> squares = leader.sourceIter(IntStream.range(0, 200).boxed().toList())
                .roundRobin(workers)
                .batch(tick)
                .map(x -> x * x)
                .allTicks()
                .sendAnonymous(leader);
        squares.forEach(x -> SEEN.add("squares", x));
        squares.broadcast(workers)
               .batch(tick)
               .count()
               .intoStream()
               .allTicks()
               .forEach(n -> SEEN.add("acknowledged", n));

        runOnTwoWorkers(flow, leader, workers, "the workers' tick never ended");
        assertEquals(IntStream.range(0, 200).map(x -> x * x).sum(),
                SEEN.get("squares").stream().mapToInt(x -> (Integer) x).sum());
        assertEquals(2L * 200, SEEN.get("acknowledged").stream().mapToLong(x -> (Long) x).sum(),
                "every worker heard of every square once");
    }

    @Test
    void aLoopThatStillCirculatesIsNeverEnded() throws InterruptedException {
        SEEN.clear();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        ForwardRef<ProcessStream<Long, Leader>> forever = leader.forwardRef();
        ProcessStream<Long, Leader> laps = leader.sourceIter(List.of(0L)).union(forever.stream());
        forever.complete(laps.map(x -> x + 1));
        laps.filter(x -> x % 1000 == 0).forEach(x -> SEEN.add("laps", x));

        try (FlowRun run = FlowRun.of(flow).process(leader).start()) {
            assertFalse(run.deployment().awaitCompletion(Duration.ofSeconds(2)), "a circulating loop was ended");
            int seen = SEEN.get("laps").size();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (SEEN.get("laps").size() == seen) {
                assertTrue(System.nanoTime() < deadline, "the element stopped going round");
                Thread.sleep(10);
            }
        }
    }

    /** Runs the flow with 2 workers in this JVM; it must complete by itself within 60 s. */
    private static void runOnTwoWorkers(FlowBuilder flow, Process<Leader> leader, Cluster<Worker> workers, String hang) {
        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 2).start()) {
            assertTrue(run.deployment().awaitCompletion(Duration.ofSeconds(60)), hang);
        }
    }

    private static List<Integer> sorted(List<Object> values) {
        List<Integer> out = new ArrayList<>();
        values.forEach(v -> out.add((Integer) v));
        Collections.sort(out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> sortedByTask(List<Object> values) {
        List<Object> out = new ArrayList<>(values);
        out.sort((a, b) -> Integer.compare(((KV<Integer, Integer>) a).key(), ((KV<Integer, Integer>) b).key()));
        return out;
    }
}
