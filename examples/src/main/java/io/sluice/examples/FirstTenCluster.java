package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.util.Collections;
import java.util.List;

/**
 * The seed program of Hydro's "Scaling with Clusters": a leader spreads 0..9 round-robin over
 * 4 workers, each doubles and prints its share, and sends it back to the leader, which prints
 * everything. Worker k gets the elements with index {@code i % 4 == k}.
 *
 * <pre>
 * [io.sluice.examples.FirstTenCluster.Worker (cluster 1) / 0] 0
 * [io.sluice.examples.FirstTenCluster.Worker (cluster 1) / 2] 4
 * ...
 * [io.sluice.examples.FirstTenCluster.Leader (process 0)] 0
 * [io.sluice.examples.FirstTenCluster.Leader (process 0)] 8
 * ...
 * </pre>
 */
public final class FirstTenCluster {

    /** The leader's tag. */
    public static final class Leader {
    }

    /** The workers' tag. */
    public static final class Worker {
    }

    private FirstTenCluster() {
    }

    /** The flow, as in the seed. */
    public static void firstTenCluster(Process<Leader> leader, Cluster<Worker> workers) {
        leader.sourceIter(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)) // Stream<Integer, Process<Leader>>
              .roundRobin(workers)                             // ... on Cluster<Worker>
              .map(n -> n * 2)
              .inspect(n -> System.out.println(n))
              .sendAnonymous(leader)                           // back on Process<Leader>
              .forEach(n -> System.out.println(n));
    }

    public static void main(String[] args) {
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        firstTenCluster(leader, workers);
        flow.withProcess(leader, Examples.host(deployment, args))
            .withCluster(workers, Collections.nCopies(4, Examples.host(deployment, args)))
            .deploy(deployment);
        deployment.deploy();      // launch the members, form the cluster, wire the flow
        deployment.startCtrlC();  // start the sources; run until Ctrl-C or until the flow is done
    }
}
