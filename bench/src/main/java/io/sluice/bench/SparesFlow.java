package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import io.sluice.examples.SparesDemo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link SparesDemo}'s W1 sum or keyed count on a leader and {@value #WORKERS} workers plus one
 * spare worker, each a {@code localhost()} JVM or all in this JVM: the flow {@link FaultBench}
 * and {@link SnapshotBench} run.
 */
record SparesFlow(Deployment deployment, Process<SparesDemo.Leader> leader, Cluster<SparesDemo.Worker> workers,
                  String resultPrefix) {

    static final int WORKERS = 4;
    private static final Duration RESULT_WAIT = Duration.ofSeconds(10);

    /**
     * Builds the flow over {@code n} elements and deploys it on {@code deployment}, not started
     * yet: each member and the spare a JVM of its own, or, with {@code inJvm}, all in this one.
     */
    static SparesFlow deploy(Deployment deployment, int n, boolean keyed, boolean inJvm) {
        Supplier<Host> host = inJvm ? deployment::inJvm : deployment::localhost;
        FlowBuilder flow = new FlowBuilder();
        Process<SparesDemo.Leader> leader = flow.process(SparesDemo.Leader.class);
        Cluster<SparesDemo.Worker> workers = flow.cluster(SparesDemo.Worker.class);
        if (keyed) {
            SparesDemo.keyed(leader, workers, n);
        } else {
            SparesDemo.sum(leader, workers, n);
        }
        flow.withProcess(leader, host.get())
            .withCluster(workers, Stream.generate(host).limit(WORKERS).toList())
            .withSpares(workers, List.of(host.get()))
            .deploy(deployment);
        deployment.deploy();
        return new SparesFlow(deployment, leader, workers, keyed ? "keyed:" : "sum:");
    }

    /**
     * The leader's result line, once the flow has completed (waiting up to {@link #RESULT_WAIT}
     * for its output to arrive); fails unless it says the result is exact.
     */
    String checkedResult() {
        long deadline = System.nanoTime() + RESULT_WAIT.toNanos();
        while (true) {
            List<String> lines = deployment.stdout(leader);
            Optional<String> result = lines.stream().filter(l -> l.startsWith(resultPrefix)).findFirst();
            if (result.isPresent()) {
                if (!result.get().endsWith("exact")) {
                    throw new IllegalStateException("wrong result: " + result.get());
                }
                return result.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no result within " + RESULT_WAIT + " among " + lines);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
