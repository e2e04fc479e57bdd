package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.util.Collections;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One timed run of a Sluice workload with W1's shape: a leader and {@value W1Throughput#WORKERS}
 * workers, all in this JVM ({@code in-jvm}: ActorSystems over Artery TCP) or each a JVM of its own
 * ({@code localhost}), timed from {@code start()} to the return of {@code awaitCompletion}
 * (deployment and cluster formation excluded).
 */
final class SluiceRun {

    private SluiceRun() {
    }

    /**
     * Deploys {@code pipeline} in this JVM over a fresh leader and worker cluster, runs it, then checks it.
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
        return run(n, false, flow, leader, workers, deployment -> verify.run());
    }

    /**
     * Deploys {@code flow}, runs it and, unless this JVM only serves a member ({@link MemberJvm}),
     * checks it with {@code verify}.
     *
     * @param localhost every member in a JVM of its own (the CPU figure is then unknown, -1)
     * @param verify    the exact check, given the completed deployment; it throws when wrong
     */
    static RunResult run(long n, boolean localhost, FlowBuilder flow, Process<W1Throughput.Leader> leader,
                         Cluster<W1Throughput.Worker> workers, Consumer<Deployment> verify) {
        try (Deployment deployment = new Deployment()) {
            Host host = localhost ? deployment.localhost() : deployment.inJvm();
            flow.withProcess(leader, host)
                .withCluster(workers, Collections.nCopies(W1Throughput.WORKERS, host))
                .deploy(deployment);
            deployment.deploy();
            long cpuStarted = RunResult.processCpuNanos();
            long started = System.nanoTime();
            deployment.start();
            W1Throughput.awaitCompletion(deployment, W1Throughput.timeLimit(n));
            long nanos = System.nanoTime() - started;
            long cpuNanos = localhost ? -1 : RunResult.processCpuNanos() - cpuStarted;
            if (!MemberJvm.active()) {
                verify.accept(deployment);
            }
            return new RunResult(n, nanos, cpuNanos);
        }
    }
}
