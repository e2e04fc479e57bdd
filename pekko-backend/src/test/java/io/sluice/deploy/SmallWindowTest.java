package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Flow control at its tightest: windows of one and two batches and tiny batches, through round
 * robin and back on a real in-JVM cluster. Coalesced acks must never leave a sender waiting for
 * credit that nobody grants, and nothing may be lost or duplicated.
 */
class SmallWindowTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private static final int N = 5_000;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyElementComesBackWithATinyWindow(int window) {
        AtomicLong count = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(() -> IntStream.range(0, N).boxed().iterator())
              .roundRobin(workers)
              .map(x -> (long) x)
              .sendAnonymous(leader)
              .forEach(x -> {
                  count.incrementAndGet();
                  sum.addAndGet(x);
              });
        FlowRun.of(flow).config("sluice.channel.window = " + window + "\nsluice.batch.max-elements = 7")
               .process(leader).cluster(workers, 3).toCompletion(Duration.ofSeconds(120));
        assertEquals(N, count.get(), "elements back at the leader");
        assertEquals((long) N * (N - 1) / 2, sum.get(), "sum of the elements back at the leader");
    }
}
