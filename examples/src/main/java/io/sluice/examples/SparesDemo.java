package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.deploy.Deployment;
import io.sluice.deploy.MemberRestart;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A flow that survives the loss of a worker: four workers and one spare node. Kill a worker's
 * JVM while it runs ({@code kill -9}): its member runs again on the spare, the flow restarts
 * from its last complete snapshot (taken every second by default), and its result is still
 * exact. The leader prints its progress as it deals the elements (a restart goes on from the
 * progress the snapshot recorded, so a tenth may print twice) and the checked result at the end;
 * the program then lists the restarts.
 *
 * <pre>
 * [io.sluice.examples.SparesDemo.Leader (process 0)] dealt 30%
 * ...
 * [io.sluice.examples.SparesDemo.Leader (process 0)] sum: 20000000 elements, sum 399999980000000: exact
 * restarted [io.sluice.examples.SparesDemo.Worker (cluster 1) / 1] on pekko://sluice@127.0.0.1:40515
 *   (lost on pekko://sluice@127.0.0.1:37121) from snapshot 3, running again 1,830 ms after the loss was noticed
 * </pre>
 *
 * Run: {@code java -cp examples/target/sluice-examples.jar io.sluice.examples.SparesDemo [elements]
 * [sum|keyed] [spares]}: by default 20,000,000 elements summed after doubling, one spare. With
 * {@code keyed}, the elements are counted per key ({@value #KEYS} keys) on the workers, and
 * every key's count is checked. With {@code 0} spares, a lost worker fails the flow, naming it.
 */
public final class SparesDemo {

    /** The leader's tag. */
    public static final class Leader {
    }

    /** The workers' tag. */
    public static final class Worker {
    }

    /** Distinct keys of the keyed count. */
    static final int KEYS = 10_000;

    private static final int WORKERS = 4;

    private SparesDemo() {
    }

    /**
     * Sums: the leader deals {@code 0 .. n-1} round robin, the workers double them, and the leader
     * sums what comes back and prints the sum once the input has ended, checked.
     */
    public static void sum(Process<Leader> leader, Cluster<Worker> workers, int n) {
        sum(leader, workers, dealt(leader.sourceIter(() -> IntStream.range(0, n).iterator()), n), n, "sum");
    }

    /**
     * The sum of {@link #sum(Process, Cluster, int)} over {@code elements}, which must be
     * {@code 0 .. n-1} in some order: printed as {@code <label>: <count> elements, sum <sum>:
     * exact} (or {@code WRONG}).
     *
     * @return the doubled elements, back on the leader, for more consumers
     */
    public static ProcessStream<Long, Leader> sum(Process<Leader> leader, Cluster<Worker> workers,
                                                  ProcessStream<Integer, Leader> elements, int n, String label) {
        ProcessStream<Long, Leader> doubled = elements.roundRobin(workers)
              .map(x -> x * 2L)
              .sendAnonymous(leader);
        doubled.foldCommutative(() -> new long[2], (acc, x) -> {
                   acc[0]++;
                   acc[1] += x;
                   return acc;
               })
               .atEnd()
               .forEach(acc -> System.out.println(label + ": " + acc[0] + " elements, sum " + acc[1] + ": "
                       + (acc[0] == n && acc[1] == (long) n * (n - 1) ? "exact" : "WRONG, expected " + n
                               + " elements, sum " + (long) n * (n - 1))));
        return doubled;
    }

    /**
     * Keyed counts: the leader deals {@code i % KEYS} to the worker that owns the key, each worker
     * counts per key, and at the end the leader checks every key's count.
     */
    public static void keyed(Process<Leader> leader, Cluster<Worker> workers, int n) {
        dealt(leader.sourceIter(() -> IntStream.range(0, n).iterator()), n)
              .map(i -> KV.of(MemberId.<Worker>of(i % KEYS % WORKERS), i % KEYS))
              .<Worker, Integer>demux(workers)
              .keyBy(k -> k)
              .count()
              .atEnd()
              .sendAnonymous(leader)
              .foldCommutative(() -> new long[3], (acc, kv) -> {
                  acc[0]++;
                  acc[1] += kv.value();
                  long expected = n / KEYS + (kv.key() < n % KEYS ? 1 : 0);
                  acc[2] += kv.value() == expected ? 0 : 1;
                  return acc;
              })
              .atEnd()
              .forEach(acc -> System.out.println("keyed: " + acc[0] + " keys, " + acc[1] + " elements, " + acc[2]
                      + " wrong counts: " + (acc[0] == Math.min(n, KEYS) && acc[1] == n && acc[2] == 0
                              ? "exact" : "WRONG")));
    }

    /** {@code elements}, {@code n} of them, with the leader printing each tenth of the way. */
    public static ProcessStream<Integer, Leader> dealt(ProcessStream<Integer, Leader> elements, int n) {
        int tenth = Math.max(1, n / 10);
        return elements.inspect(i -> {
            if (i % tenth == 0 && i > 0) {
                System.out.println("dealt " + (i / tenth * 10) + "%");
            }
        });
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 20_000_000;
        boolean keyed = args.length > 1 && args[1].equals("keyed");
        int spares = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        if (keyed) {
            keyed(leader, workers, n);
        } else {
            sum(leader, workers, n);
        }
        flow.withProcess(leader, deployment.localhost())
            .withCluster(workers, Collections.nCopies(WORKERS, deployment.localhost()));
        if (spares > 0) {
            flow.withSpares(workers, Collections.nCopies(spares, deployment.localhost()));
        }
        flow.deploy(deployment);
        deployment.deploy();
        deployment.startCtrlC();
        List<MemberRestart> restarts = deployment.restarts();
        for (MemberRestart r : restarts) {
            String from = r.snapshot().isPresent() ? "snapshot " + r.snapshot().getAsLong() : "its beginning";
            System.out.printf("restarted %s on %s (lost on %s) from %s, running again %,d ms after the loss was noticed%n",
                    r.member(), r.restartedOn(), r.lostOn(), from, r.recovery().toMillis());
        }
    }
}
