package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice.batch.max-bytes}: a remote batch that encodes to more is split, so large
 * elements cross the network whatever the batch's element count; one element that alone is
 * larger fails the flow and names the setting.
 */
class BatchBytesTest {

    static final class Leader {
    }

    static final class Worker {
    }

    /**
     * Batches of at most 8 KiB, in frames of at most 32 KiB: a batch of several of the elements
     * below that was not split would be discarded by Artery, and the flow would never complete.
     */
    private static final String SMALL_BATCHES = """
            sluice.batch.max-bytes = 8 KiB
            sluice.batch.max-elements = 64
            pekko.remote.artery.advanced.maximum-frame-size = 32 KiB
            """;
    /** Characters in an element: about 3 KB encoded, so that a batch holds two at most. */
    private static final int SIZE = 3_000;
    private static final int N = 400;
    private static final Recorded SEEN = new Recorded();

    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("flow failed: ");

    @Test
    void largeElementsCrossTheNetworkInSplitBatchesAllOfThemInOrderPerSender() {
        SEEN.clear();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(() -> IntStream.range(0, N).mapToObj(BatchBytesTest::large).iterator())
              .roundRobin(workers)
              .map(s -> s)
              .send(leader)
              .forEach(kv -> SEEN.add("back", kv));
        run(flow, leader, workers);

        for (int k = 0; k < 2; k++) {
            List<String> expected = new ArrayList<>();
            for (int i = k; i < N; i += 2) {
                expected.add(large(i));
            }
            assertEquals(expected, from(k), "what worker " + k + " sent back, exactly and in order");
        }
    }

    @Test
    void anElementLargerThanMaxBytesFailsTheFlowNamingTheSetting() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(List.of(1, 20_000))
              .map(n -> "y".repeat(n))
              .roundRobin(workers)
              .forEach(s -> { });
        FlowFailedException e = assertThrows(FlowFailedException.class, () -> run(flow, leader, workers));
        assertTrue(e.getMessage().contains("more than the 8192 allowed in a batch (sluice.batch.max-bytes)"),
                e.getMessage());
    }

    private static void run(FlowBuilder flow, Process<Leader> leader, Cluster<Worker> workers) {
        FlowRun.of(flow).config(SMALL_BATCHES).process(leader).cluster(workers, 2).toCompletion(Duration.ofSeconds(60));
    }

    /** Element {@code i}: its number, then filler up to {@link #SIZE} characters. */
    private static String large(int i) {
        String head = i + ":";
        return head + "x".repeat(SIZE - head.length());
    }

    @SuppressWarnings("unchecked")
    private static List<String> from(int member) {
        List<String> values = new ArrayList<>();
        for (Object o : SEEN.get("back")) {
            KV<MemberId<Worker>, String> kv = (KV<MemberId<Worker>, String>) o;
            if (kv.key().raw() == member) {
                values.add(kv.value());
            }
        }
        return values;
    }
}
