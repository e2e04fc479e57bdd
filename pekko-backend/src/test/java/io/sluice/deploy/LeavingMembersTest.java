package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.MembershipEvent;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member of a watched cluster that crashes mid-flow: the watchers see it leave, round robin
 * goes on over the others, what was demuxed to it is dropped, and the flow completes. Every
 * element is delivered once or counted in a WARN line as possibly lost or dropped; none is lost
 * silently. A flow that does not watch the cluster fails instead, and says how to survive.
 */
class LeavingMembersTest {

    static final class Leader {
    }

    static final class Worker {
    }

    static final class Sink {
    }

    private static final int N = 1500;
    /** The sources pause before element {@code K} until the test opens the gate. */
    private static final int K = 300;
    private static CountDownLatch gate = new CountDownLatch(0);
    /**
     * Quicker detection for a test: a node silent for 5 s is unreachable (rather than after the
     * 10 s the launcher sets on one machine), and the split brain resolver downs it after 2 s of
     * stability rather than 7, so the whole detection takes about 8 s.
     */
    private static final String QUICK_DOWNING = """
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 5s
            pekko.cluster.split-brain-resolver.stable-after = 2s
            """;
    private static final Recorded SEEN = new Recorded();
    /** What a member reports when a member it sent to leaves, or when it gets data from one that left. */
    private static final Pattern POSSIBLY_LOST = Pattern.compile(
            "before acknowledging (\\d+) element|: (\\d+) element\\(s\\) from .* arrived after it left");
    /** What a member reports when it drops elements addressed to one that left (a running total). */
    private static final Pattern DROPPED = Pattern.compile("^(.*): \\d+ element\\(s\\) addressed to .*\\((\\d+) in all\\)");

    /** The runtime's reports of the crash, and the cluster's: read by the tests, printed only if unexpected. */
    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs()
            .expect("left the flow").expect("before acknowledging").expect("ended early")
            .expect("arrived after it left").expect("addressed to members that had left")
            .expect("flow failed: ").expect("Marking node as UNREACHABLE").expect("SBR took decision")
            .expect("is downing").expect("Association").expect("Upstream failed").expect("Outbound control stream");

    @BeforeEach
    void reset() {
        SEEN.clear();
        gate = new CountDownLatch(1);
    }

    @Test
    void aCrashedMemberOfAWatchedClusterLeavesAndTheFlowCompletesWithoutIt() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceClusterMembers(workers).forEach(e -> SEEN.add("members", e));
        leader.sourceIter(() -> paced(N, K))
              .roundRobin(workers)
              .map(x -> x)
              .send(leader)
              .forEach(kv -> SEEN.add("roundRobin", kv));
        leader.sourceIter(() -> paced(N, K))
              .map(x -> KV.of(MemberId.<Worker>of(x % 3), x))
              .<Worker, Integer>demux(workers)
              .send(leader)
              .forEach(kv -> SEEN.add("demux", kv));

        try (FlowRun run = startOnThreeWorkers(flow, leader, workers)) {
            // Everything before the gate is delivered, so worker 2 holds nothing when it dies:
            // every element missing in the end was sent to it after its crash.
            await("the elements before the gate", () -> SEEN.get("roundRobin").size() == K
                    && SEEN.get("demux").size() == K);
            run.deployment().crash(workers, 2);
            gate.countDown();
            run.awaitCompletion(Duration.ofSeconds(90));
        }

        assertEquals(List.of(joined(0), joined(1), joined(2), new MembershipEvent<>(MemberId.<Worker>of(2),
                MembershipEvent.Change.LEFT)), SEEN.get("members"));

        List<Integer> roundRobin = values("roundRobin");
        assertEquals(roundRobin.size(), new HashSet<>(roundRobin).size(), "an element arrived twice");
        assertTrue(new HashSet<>(roundRobin).containsAll(IntStream.range(0, K).boxed().toList()));
        assertTrue(processedBy(0, "roundRobin").size() > N / 3 && processedBy(1, "roundRobin").size() > N / 3,
                "the others took over worker 2's share");

        List<Integer> demuxed = values("demux");
        assertEquals(demuxed.size(), new HashSet<>(demuxed).size(), "an element arrived twice");
        Set<Integer> expected = new HashSet<>();
        for (int x = 0; x < N; x++) {
            if (x % 3 != 2 || x < K) {
                expected.add(x);
            }
        }
        Set<Integer> missingDemuxed = new java.util.TreeSet<>(expected);
        missingDemuxed.removeAll(demuxed);
        Set<Integer> unexpected = new java.util.TreeSet<>(demuxed);
        unexpected.removeAll(expected);
        assertEquals(expected, new HashSet<>(demuxed), "everything for the members that stayed, and for worker 2"
                + " what was sent before it crashed; missing " + missingDemuxed + ", unexpected " + unexpected);

        long missing = 2L * N - roundRobin.size() - demuxed.size();
        long reported = reportedLosses();
        assertTrue(missing <= reported, missing + " elements missing, but only " + reported
                + " reported as possibly lost or dropped: " + warnings());
    }

    @Test
    void aCrashedMemberOfAnUnwatchedClusterFailsTheFlowAndSaysHowToSurviveIt() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(() -> paced(N, K))
              .roundRobin(workers)
              .map(x -> x)
              .send(leader)
              .forEach(kv -> SEEN.add("roundRobin", kv));
        try (FlowRun run = startOnThreeWorkers(flow, leader, workers)) {
            // The source waits at the gate until the failure is reported: the flow cannot
            // complete before the crash lands, however slow the machine.
            await("the elements before the gate", () -> SEEN.get("roundRobin").size() == K);
            run.deployment().crash(workers, 2);
            FlowFailedException e;
            try {
                e = run.awaitFailure(Duration.ofSeconds(90));
            } finally {
                gate.countDown();
            }
            assertTrue(e.getMessage().contains("[io.sluice.deploy.LeavingMembersTest.Worker (cluster 1) / 2] stopped"
                    + " before the flow completed"), e.getMessage());
            assertTrue(e.getMessage().contains("only if it watches the member's cluster with sourceClusterMembers"),
                    e.getMessage());
        }
    }

    @Test
    void aCrashedProcessFailsTheFlowNamingIt() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        Process<Sink> sink = flow.process(Sink.class);
        leader.sourceIter(() -> paced(N, K))
              .roundRobin(workers)
              .map(x -> x)
              .sendAnonymous(sink)
              .forEach(x -> SEEN.add("sink", x));
        try (FlowRun run = FlowRun.of(flow).config(QUICK_DOWNING).process(leader).cluster(workers, 2).process(sink)
                .start()) {
            // As above, the source waits at the gate until the failure is reported.
            await("the elements before the gate", () -> SEEN.get("sink").size() == K);
            run.deployment().crash(sink);
            FlowFailedException e;
            try {
                e = run.awaitFailure(Duration.ofSeconds(90));
            } finally {
                gate.countDown();
            }
            assertTrue(e.getMessage().contains("[io.sluice.deploy.LeavingMembersTest.Sink (process 2)] stopped"
                    + " before the flow completed"), e.getMessage());
            assertTrue(e.getMessage().contains("a flow cannot go on without a process"), e.getMessage());
        }
    }

    private static FlowRun startOnThreeWorkers(FlowBuilder flow, Process<Leader> leader, Cluster<Worker> workers) {
        return FlowRun.of(flow).config(QUICK_DOWNING).process(leader).cluster(workers, 3).start();
    }

    private static MembershipEvent<Worker> joined(int member) {
        return new MembershipEvent<>(MemberId.of(member), MembershipEvent.Change.JOINED);
    }

    /** 0..n-1, paced, waiting before element {@code gateAt} for the gate ({@link PacedSource}). */
    private static Iterator<Integer> paced(int n, int gateAt) {
        return PacedSource.iterator(n, gateAt, gate);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> values(String key) {
        List<Integer> values = new ArrayList<>();
        for (Object o : SEEN.get(key)) {
            values.add(((KV<MemberId<Worker>, Integer>) o).value());
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> processedBy(int member, String key) {
        List<Integer> values = new ArrayList<>();
        for (Object o : SEEN.get(key)) {
            KV<MemberId<Worker>, Integer> kv = (KV<MemberId<Worker>, Integer>) o;
            if (kv.key().raw() == member) {
                values.add(kv.value());
            }
        }
        return values;
    }

    private List<String> warnings() {
        return logs.messages();
    }

    /**
     * What the runtime's warnings account for: every possibly lost element, plus each
     * operator's last running total of dropped ones.
     */
    private long reportedLosses() {
        long sum = 0;
        Map<String, Long> droppedByOperator = new HashMap<>();
        for (String w : warnings()) {
            Matcher lost = POSSIBLY_LOST.matcher(w);
            if (lost.find()) {
                sum += Long.parseLong(lost.group(1) != null ? lost.group(1) : lost.group(2));
            }
            Matcher dropped = DROPPED.matcher(w);
            if (dropped.find()) {
                droppedByOperator.put(dropped.group(1), Long.parseLong(dropped.group(2)));
            }
        }
        return sum + droppedByOperator.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; seen: " + SEEN);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
