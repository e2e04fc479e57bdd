package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.Process;

/**
 * W5, records: W1's pipeline with record elements. The leader makes {@code Event(i, "k" + (i % 1000), i)}
 * of {@code 0 .. N-1}, {@code roundRobin} spreads them over the workers, each maps an event to
 * {@code Scored(id, key, 2 * value)}, and {@code sendAnonymous} brings them back to the leader,
 * which checks the count and the sums of ids, scores and key hashes exactly ({@link RecordTally}).
 */
final class W5Records {

    private W5Records() {
    }

    /** One checked in-jvm run over {@code n} elements. */
    static RunResult run(int n) {
        RecordTally tally = new RecordTally(n);
        return SluiceRun.inJvm(n, (leader, workers) -> pipeline(leader, workers, n, tally), tally::verify);
    }

    private static void pipeline(Process<W1Throughput.Leader> leader, Cluster<W1Throughput.Worker> workers, int n,
                                 RecordTally tally) {
        leader.sourceIter(new IntRange(0, n))
              .map(i -> new Event(i, RecordTally.key(i), i))
              .roundRobin(workers)
              .map(e -> new Scored(e.id(), e.key(), e.value() * 2))
              .sendAnonymous(leader)
              .forEach(tally::add);
    }
}
