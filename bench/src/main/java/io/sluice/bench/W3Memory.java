package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;

/**
 * W3, memory: one long run of the W1 pipeline over {@code 0 .. N-1}, far more data than the
 * heap could hold, to show that credit-based flow control keeps memory bounded: it must finish
 * within the heap it is given, with the exact count and sum. Each member reports the heap of its
 * JVM ({@link HeapWatch}): the leader when the last element arrives, each worker (through an
 * {@code inspect}) after its share, in lines shown with the member's prefix; in {@code in-jvm}
 * mode the launcher also prints the report of the one JVM that hosts everybody.
 *
 * <pre>
 * java -Xmx512m ... W3Memory [N=1_000_000_000] [in-jvm|localhost]
 * </pre>
 *
 * It is meant for {@code localhost} mode with every member's JVM at {@code -Xmx256m}; in
 * {@code in-jvm} mode the five members share this JVM's heap.
 */
public final class W3Memory {

    private W3Memory() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int n = Args.elements(args, 0, 1_000_000_000);
            boolean localhost = Args.localhost(args, 1);
            HeapWatch watch = HeapWatch.jvm();
            if (MemberJvm.active()) {
                run(n, localhost);
                return;
            }
            System.out.println("W3 memory, " + (localhost ? "localhost (one JVM per member)" : "in-jvm") + ", N = " + n
                    + ", launcher " + watch.report().line());
            RunResult result = run(n, localhost);
            System.out.println("W3: " + result.describe() + "; count and sum exact");
            if (!localhost) {
                System.out.println("W3 this JVM: " + watch.report().line());
            }
        });
    }

    /**
     * One run over {@code 0 .. n-1}, timed and checked; every member prints its heap report. In a
     * member JVM ({@link MemberJvm}) it only serves that member until the flow completes.
     */
    static RunResult run(int n, boolean localhost) {
        Tally tally = new Tally(n);
        FlowBuilder flow = new FlowBuilder();
        Process<W1Throughput.Leader> leader = flow.process(W1Throughput.Leader.class);
        Cluster<W1Throughput.Worker> workers = flow.cluster(W1Throughput.Worker.class);
        WorkerHeapReports reports = new WorkerHeapReports(n, workers, W1Throughput.WORKERS);
        leader.sourceIter(new IntRange(0, n))
              .roundRobin(workers)
              .map(x -> x * 2L)
              .inspect(reports::count)
              .sendAnonymous(leader)
              .forEach(x -> {
                  if (tally.add(x)) {
                      System.out.println(HeapWatch.jvm().report().line());
                  }
              });
        return SluiceRun.run(n, localhost, flow, leader, workers, deployment -> {
            tally.verify(W1Throughput.awaitOutput(deployment, leader));
            if (!localhost) {
                tally.verify();
            }
        });
    }
}
