package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.spi.SnapshotStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * A snapshot store that takes long to write (a remote bucket): members write their parts off the
 * flow's threads, so the flow goes on while they are being written, even with one thread per
 * node; a member whose operators finish meanwhile reports done only once its part is written,
 * so the flow's end, which removes its snapshots, comes after every write.
 */
class SlowSnapshotStoreTest {

    static final class Leader {
    }

    static final class Worker {
    }

    /** Holds every write until {@link #RELEASE} opens; keeps parts in memory. */
    public static final class Held implements SnapshotStore {
        static final CountDownLatch WRITING = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static final AtomicInteger WRITES = new AtomicInteger();
        static final Map<String, byte[]> PARTS = new ConcurrentHashMap<>();

        @Override
        public void write(String run, long snapshot, String part, byte[] bytes) throws java.io.IOException {
            WRITING.countDown();
            try {
                if (!RELEASE.await(60, TimeUnit.SECONDS)) {
                    throw new java.io.IOException("the test never released the write");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException("interrupted", e);
            }
            WRITES.incrementAndGet();
            PARTS.put(run + "/" + snapshot + "/" + part, bytes);
        }

        @Override
        public Optional<byte[]> read(String run, long snapshot, String part) {
            return Optional.ofNullable(PARTS.get(run + "/" + snapshot + "/" + part));
        }

        @Override
        public void discard(String run, String part, long before) {
        }

        @Override
        public void discardRun(String run) {
            PARTS.keySet().removeIf(key -> key.startsWith(run + "/"));
        }

        @Override
        public String describe() {
            return "a held store";
        }
    }

    private static final int N = 3000;
    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicLong SUM = new AtomicLong();

    @Test
    void aSlowStoreHoldsUpNoneOfTheFlowsThreadsAndTheFlowEndsAfterEveryWrite() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(() -> PacedSource.iterator(N, -1, new CountDownLatch(0)))
              .roundRobin(workers)
              .map(x -> (long) x)
              .sendAnonymous(leader)
              .forEach(x -> {
                  COUNT.incrementAndGet();
                  SUM.addAndGet(x);
              });

        try (FlowRun run = FlowRun.of(flow).config("""
                        sluice.snapshots.interval = 50ms
                        sluice.snapshots.store = "%s"
                        pekko.actor.default-dispatcher.fork-join-executor { parallelism-min = 1, parallelism-max = 1 }
                        """.formatted(Held.class.getName()))
                .process(leader).cluster(workers, 2).spares(workers, 1).start()) {
            await(() -> Held.WRITING.getCount() == 0 ? 1 : 0, 1, "a member to start writing its part");
            long before = COUNT.get();
            // Every member's part of the first snapshot is held, yet elements keep flowing
            // through every node, which has a single thread: the write is not on it.
            await(COUNT::get, Math.min(N, before + 500), "elements to arrive while the parts are held");
            await(COUNT::get, N, "every element to arrive");
            assertFalse(run.deployment().awaitCompletion(Duration.ofMillis(300)),
                    "the flow must not end while a member's part is still being written");

            Held.RELEASE.countDown();
            run.awaitCompletion(Duration.ofSeconds(60));
        }
        assertEquals((long) N * (N - 1) / 2, SUM.get());
        assertTrue(Held.WRITES.get() >= 3, "every member wrote its part: " + Held.WRITES.get());
        assertEquals(Map.of(), Held.PARTS, "the flow's end removed its snapshots, after every write");
    }

    /** Waits, at most 30 s, until {@code value} reaches {@code target}. */
    private static void await(LongSupplier value, long target, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (value.getAsLong() < target) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + " (" + value.getAsLong()
                    + " of " + target + ")");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
