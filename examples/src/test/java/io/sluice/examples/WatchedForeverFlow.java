package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.Collections;

/**
 * A flow that runs until it is stopped and survives the loss of a worker: the leader prints the
 * workers' membership events and deals a tick every 200 ms to the workers, which print it.
 */
public final class WatchedForeverFlow {

    /** The leader. */
    public static final class Leader {
    }

    /** The workers. */
    public static final class Worker {
    }

    private WatchedForeverFlow() {
    }

    public static void main(String[] args) {
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceClusterMembers(workers).forEach(e -> System.out.println(e.member() + " " + e.change()));
        leader.sourceInterval(Duration.ofMillis(200)).map(t -> "tick").roundRobin(workers)
                .forEach(t -> System.out.println(t));
        flow.withProcess(leader, deployment.localhost())
                .withCluster(workers, Collections.nCopies(2, deployment.localhost()))
                .deploy(deployment);
        deployment.deploy();
        deployment.startCtrlC();
    }
}
