package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many elements through real channels: order across the network, nothing lost or duplicated,
 * flow control holding up under a source that is much faster than its consumers.
 */
class VolumeTest {

    static final class Leader {
    }

    static final class Sink {
    }

    static final class Worker {
    }

    private static final int ORDERED = 100_000;
    private static final int SPREAD = 1_000_000;

    @Test
    void orderIsKeptBetweenProcessesAndNothingIsLostThroughRoundRobinAndBack() {
        AtomicLong next = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        AtomicLong count = new AtomicLong();
        AtomicLong sum = new AtomicLong();

        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Process<Sink> sink = flow.process(Sink.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(() -> IntStream.range(0, ORDERED).boxed().iterator())
              .send(sink)
              .forEach(x -> {
                  if (x != next.getAndIncrement()) {
                      outOfOrder.incrementAndGet();
                  }
              });
        leader.sourceIter(() -> IntStream.range(0, SPREAD).boxed().iterator())
              .roundRobin(workers)
              .map(x -> (long) x)
              .sendAnonymous(leader)
              .forEach(x -> {
                  count.incrementAndGet();
                  sum.addAndGet(x);
              });

        FlowRun.of(flow).process(leader).process(sink).cluster(workers, 4).toCompletion(Duration.ofSeconds(120));
        assertEquals(ORDERED, next.get(), "elements received process -> process");
        assertEquals(0, outOfOrder.get(), "elements out of order process -> process");
        assertEquals(SPREAD, count.get(), "elements back at the leader");
        assertEquals((long) SPREAD * (SPREAD - 1) / 2, sum.get(), "sum of the elements back at the leader");
    }
}
