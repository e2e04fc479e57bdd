package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.MembershipEvent;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operators driven by time, cluster membership, and a feedback loop through a forward reference,
 * beside an interval that never ends: the flow runs until every expectation is met (each wait
 * bounded), then is stopped. {@link LoopTerminationTest} has loops in flows that complete.
 */
class TimeAndLoopsTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private static final Recorded SEEN = new Recorded();

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; seen: " + SEEN);
            Thread.sleep(10);
        }
    }

    @Test
    void timedOperatorsMembershipAndLoopsRunUntilStopped() throws InterruptedException {
        SEEN.clear();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);

        ProcessStream<Instant, Leader> interval = leader.sourceInterval(Duration.ofMillis(20));
        interval.forEach(t -> SEEN.add("interval", t));
        interval.count().sampleEvery(Duration.ofMillis(50)).forEach(n -> SEEN.add("samples", n));
        // three beats, then silence: the timeout fires after it, once
        interval.enumerate().filter(kv -> kv.key() < 3).inspect(kv -> SEEN.add("silence", "beat"))
                .timeout(Duration.ofMillis(150)).forEach(t -> SEEN.add("silence", "fire"));
        leader.sourceClusterMembers(workers).forEach(e -> SEEN.add("members", e));

        ForwardRef<ProcessStream<Integer, Leader>> loop = leader.forwardRef();
        ProcessStream<Integer, Leader> countdown = leader.sourceIter(List.of(5)).union(loop.stream());
        loop.complete(countdown.filter(x -> x > 0).map(x -> x - 1));
        countdown.forEach(x -> SEEN.add("loop", x));

        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 3).start()) {
            await("the countdown", () -> SEEN.get("loop").size() == 6);
            await("membership", () -> SEEN.get("members").size() == 3);
            await("the timeout", () -> SEEN.get("silence").lastIndexOf("fire") > SEEN.get("silence").lastIndexOf("beat"));
            await("several samples", () -> SEEN.get("samples").size() >= 3);
            assertFalse(run.deployment().awaitCompletion(Duration.ofMillis(300)), "a flow with an interval runs until stopped");
        }
        assertEquals(List.of(5, 4, 3, 2, 1, 0), SEEN.get("loop"));
        Set<Object> members = new HashSet<>(SEEN.get("members"));
        for (int m = 0; m < 3; m++) {
            assertTrue(members.contains(new MembershipEvent<>(MemberId.<Worker>of(m), MembershipEvent.Change.JOINED)));
        }
        List<Object> samples = SEEN.get("samples");
        for (int i = 1; i < samples.size(); i++) {
            assertTrue((Long) samples.get(i) > (Long) samples.get(i - 1), "samples only when changed: " + samples);
        }
        List<Object> beats = SEEN.get("interval");
        assertTrue(((Instant) beats.get(beats.size() - 1)).isAfter((Instant) beats.get(0)));
        List<Object> silence = SEEN.get("silence");
        assertEquals(3, silence.stream().filter("beat"::equals).count());
        for (int i = 1; i < silence.size(); i++) {
            assertFalse(silence.get(i).equals("fire") && silence.get(i - 1).equals("fire"), "once per silence: " + silence);
        }
    }
}
