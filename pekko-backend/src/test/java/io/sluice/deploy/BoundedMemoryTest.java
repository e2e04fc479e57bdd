package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's central promise, end to end: a fast source feeding a slow sink across the
 * network never has more elements in flight than the credit windows allow, whatever the input
 * size. Elements are counted, never timed: the source counts what it has produced, the sink what
 * it has consumed, and at every production the difference stays within the bound.
 */
class BoundedMemoryTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private static final int WINDOW = 2;
    private static final int MAX_ELEMENTS = 4;
    private static final int WORKERS = 2;
    /**
     * The channels of the flow: round robin to each worker, each worker's receiver to its map,
     * each map back to the leader, and the leader's receiver to the sink.
     */
    private static final int CHANNELS = WORKERS + WORKERS + WORKERS + 1;
    /**
     * Batches held beyond the windows: the source's round (a batch per worker, produced while
     * the channels wait for credit), and, as a margin, a batch in every other operator (each
     * worker's receiver and map, the leader's receiver, the sink).
     */
    private static final int STAGES = WORKERS + WORKERS + WORKERS + 1 + 1;
    /** At most a window of batches on every channel, and the batches above. */
    private static final long BOUND = (long) CHANNELS * WINDOW * MAX_ELEMENTS + (long) STAGES * MAX_ELEMENTS;
    /** Many times the bound, so that a source that ignores credit would run far past it. */
    private static final int N = 3_000;

    private static final AtomicLong PRODUCED = new AtomicLong();
    private static final AtomicLong CONSUMED = new AtomicLong();
    private static final AtomicLong MOST_IN_FLIGHT = new AtomicLong();

    @Test
    void aFastSourceIntoASlowSinkAcrossTheNetworkNeverHasMoreInFlightThanTheWindowsAllow() {
        PRODUCED.set(0);
        CONSUMED.set(0);
        MOST_IN_FLIGHT.set(0);
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(BoundedMemoryTest::counted)
              .roundRobin(workers)
              .map(x -> x)
              .sendAnonymous(leader)
              .forEach(x -> {
                  pause();
                  CONSUMED.incrementAndGet();
              });
        FlowRun.of(flow).config("sluice.channel.window = " + WINDOW + "\nsluice.batch.max-elements = " + MAX_ELEMENTS)
               .process(leader).cluster(workers, WORKERS).toCompletion(Duration.ofSeconds(120));
        assertEquals(N, CONSUMED.get(), "every element reached the sink");
        assertTrue(MOST_IN_FLIGHT.get() <= BOUND, "at most " + BOUND + " elements in flight (" + CHANNELS
                + " channels of " + WINDOW + " batches of " + MAX_ELEMENTS + ", and " + STAGES
                + " batches more), but there were " + MOST_IN_FLIGHT.get());
        assertTrue(MOST_IN_FLIGHT.get() > MAX_ELEMENTS, "the source never ran ahead of the sink: the test"
                + " measured nothing (" + MOST_IN_FLIGHT.get() + " in flight at most)");
    }

    /** 0..N-1 as fast as they are asked for; each production records how many are in flight. */
    private static Iterator<Integer> counted() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < N;
            }

            @Override
            public Integer next() {
                long inFlight = PRODUCED.incrementAndGet() - CONSUMED.get();
                MOST_IN_FLIGHT.accumulateAndGet(inFlight, Math::max);
                return next++;
            }
        };
    }

    /** The sink's slowness: about a millisecond an element. */
    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
