package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;

/**
 * W4, keyed work: the leader streams {@code 0 .. N-1} as keys {@code i % 100_000}, {@code demux}
 * sends each key to the worker its hash picks, each worker counts per key
 * ({@code keyBy(k -> k).count()}), and when the input ends every worker sends its final counts
 * back to the leader ({@code atEnd()}: each key's final count, once), which checks all 100,000
 * keys exactly ({@link KeyCounts}).
 */
final class W4Keyed {

    /** Distinct keys. */
    static final int KEYS = 100_000;

    private W4Keyed() {
    }

    /** The worker of {@code key}, {@code 0 .. 3}: the top two bits of a Fibonacci hash. */
    static int worker(int key) {
        return (key * 0x9E3779B9) >>> 30;
    }

    /** One checked in-jvm run over {@code n} elements. */
    static RunResult run(int n) {
        KeyCounts counts = new KeyCounts(n, KEYS);
        return SluiceRun.inJvm(n, (leader, workers) -> pipeline(leader, workers, n, counts), counts::verify);
    }

    private static void pipeline(Process<W1Throughput.Leader> leader, Cluster<W1Throughput.Worker> workers, int n,
                                 KeyCounts counts) {
        leader.sourceIter(new IntRange(0, n))
              .map(i -> KV.of(MemberId.<W1Throughput.Worker>of(worker(i % KEYS)), i % KEYS))
              .<W1Throughput.Worker, Integer>demux(workers)
              .keyBy(k -> k)
              .count()
              .atEnd()
              .sendAnonymous(leader)
              .forEach(counts::put);
    }
}
