package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lets every worker of W3 report the heap of the JVM it runs in once it has seen its whole
 * share of a round-robin stream of {@code n} elements (member {@code k} of {@code m} gets the
 * elements whose index is {@code k} modulo {@code m}). Used in an {@code inspect} on the
 * workers; the report is a {@link HeapWatch.Report#line()} printed by that worker. Members in
 * one JVM share this object, so the counts are kept per member id.
 */
final class WorkerHeapReports {

    private final long n;
    private final Cluster<?> workers;
    private final AtomicLongArray seen;

    WorkerHeapReports(long n, Cluster<?> workers, int size) {
        this.n = n;
        this.workers = workers;
        this.seen = new AtomicLongArray(size);
    }

    /** Counts one element of the calling member's share; prints the heap report after the last. */
    void count(Object element) {
        int member = workers.selfId().raw();
        if (seen.incrementAndGet(member) == share(member)) {
            System.out.println(HeapWatch.jvm().report().line());
        }
    }

    private long share(int member) {
        int size = seen.length();
        return (n - member + size - 1) / size;
    }
}
