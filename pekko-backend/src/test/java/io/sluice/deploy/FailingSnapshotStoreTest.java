package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.spi.SnapshotStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot store that cannot write (a full disk, an unreachable bucket): the member's part of
 * the snapshot fails, the coordinator says so once and takes no more snapshots, and the flow
 * itself goes on to its exact result.
 */
class FailingSnapshotStoreTest {

    static final class Leader {
    }

    static final class Worker {
    }

    /** Refuses every write. */
    public static final class FullDisk implements SnapshotStore {
        static final AtomicInteger WRITES = new AtomicInteger();

        @Override
        public void write(String run, long snapshot, String part, byte[] bytes) throws IOException {
            WRITES.incrementAndGet();
            throw new IOException("no space left on device");
        }

        @Override
        public Optional<byte[]> read(String run, long snapshot, String part) {
            return Optional.empty();
        }

        @Override
        public void discard(String run, String part, long before) {
        }

        @Override
        public void discardRun(String run) {
        }

        @Override
        public String describe() {
            return "a full disk";
        }
    }

    private static final int N = 1500;
    private static final Recorded SEEN = new Recorded();

    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("could not take its part of snapshot");

    @Test
    void aStoreThatCannotWriteStopsTheSnapshotsNotTheFlow() {
        SEEN.clear();
        FullDisk.WRITES.set(0);
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(() -> PacedSource.iterator(N, -1, new CountDownLatch(0)))
              .roundRobin(workers)
              .map(x -> (long) x)
              .sendAnonymous(leader)
              .foldCommutative(() -> 0L, Long::sum)
              .atEnd()
              .forEach(sum -> SEEN.add("sum", sum));

        FlowRun.of(flow).config("sluice.snapshots.interval = 50ms\n"
                        + "sluice.snapshots.store = \"" + FullDisk.class.getName() + "\"\n")
                .process(leader).cluster(workers, 2).spares(workers, 1).toCompletion(Duration.ofSeconds(60));

        assertEquals(List.of((long) N * (N - 1) / 2), SEEN.get("sum"));
        assertTrue(FullDisk.WRITES.get() >= 1, "the store was asked to write");
        List<String> warnings = logs.messages().stream().filter(m -> m.contains("could not take its part")).toList();
        assertEquals(1, warnings.size(), () -> "one warning, then no more snapshots: " + logs.messages());
        assertTrue(warnings.get(0).contains("to a full disk failed: java.io.IOException: no space left on device")
                && warnings.get(0).contains("The flow takes no more snapshots"), warnings.get(0));
    }
}
