package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.util.Collections;
import java.util.function.BiConsumer;

/**
 * One timed in-jvm run of a Sluice workload with W1's shape (a leader and {@value W1Throughput#WORKERS}
 * workers, every member an ActorSystem in this JVM over Artery TCP), timed as W1 is: from
 * {@code start()} to the return of {@code awaitCompletion}, deployment excluded.
 */
final class SluiceRun {

    private SluiceRun() {
    }

    /**
     * Deploys {@code pipeline} over a fresh leader and worker cluster, runs it, then checks it.
     *
     * @param n        the elements the leader's source produces
     * @param pipeline builds the flow on the leader and the workers
     * @param verify   the exact check of the result, run after completion; it throws when wrong
     */
    static RunResult inJvm(long n, BiConsumer<Process<W1Throughput.Leader>, Cluster<W1Throughput.Worker>> pipeline,
                           Runnable verify) {
        FlowBuilder flow = new FlowBuilder();
        Process<W1Throughput.Leader> leader = flow.process(W1Throughput.Leader.class);
        Cluster<W1Throughput.Worker> workers = flow.cluster(W1Throughput.Worker.class);
        pipeline.accept(leader, workers);
        try (Deployment deployment = new Deployment()) {
            Host host = deployment.inJvm();
            flow.withProcess(leader, host)
                .withCluster(workers, Collections.nCopies(W1Throughput.WORKERS, host))
                .deploy(deployment);
            deployment.deploy();
            long cpuStarted = RunResult.processCpuNanos();
            long started = System.nanoTime();
            deployment.start();
            W1Throughput.awaitCompletion(deployment, W1Throughput.timeLimit(n));
            long nanos = System.nanoTime() - started;
            long cpuNanos = RunResult.processCpuNanos() - cpuStarted;
            verify.run();
            return new RunResult(n, nanos, cpuNanos);
        }
    }
}
