package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.deploy.Deployment;
import io.sluice.deploy.FlowRun;
import io.sluice.examples.FirstTenCluster.Leader;
import io.sluice.examples.FirstTenCluster.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seed transcript: each worker's share, the leader's total, and the prefixes. */
class FirstTenClusterTest {

    private static final List<List<String>> WORKER_LINES = List.of(
            List.of("0", "8", "16"), List.of("2", "10", "18"), List.of("4", "12"), List.of("6", "14"));

    @Test
    void theSeedTranscriptInOneJvm() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        FirstTenCluster.firstTenCluster(leader, workers);
        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 4).start()) {
            run.awaitCompletion(Duration.ofSeconds(60));
            Deployment deployment = run.deployment();

            for (int k = 0; k < 4; k++) {
                assertEquals(WORKER_LINES.get(k), deployment.stdout(workers, k), "worker " + k);
            }
            List<String> atLeader = deployment.stdout(leader);
            List<Integer> sorted = new ArrayList<>(atLeader.stream().map(Integer::parseInt).toList());
            Collections.sort(sorted);
            assertEquals(List.of(0, 2, 4, 6, 8, 10, 12, 14, 16, 18), sorted);
            for (List<String> share : WORKER_LINES) {
                assertEquals(share, atLeader.stream().filter(share::contains).toList(), "order per worker at the leader");
            }
        }
    }

    @Test
    void linesArePrefixedWithTheirLocationAsInTheSeed() {
        FlowBuilder flow = new FlowBuilder();
        FirstTenCluster.firstTenCluster(flow.process(Leader.class), flow.cluster(Worker.class));
        FlowGraph graph = flow.build();
        assertEquals("[io.sluice.examples.FirstTenCluster.Worker (cluster 1) / 2]", graph.location(1).memberPrefix(2));
        assertEquals("[io.sluice.examples.FirstTenCluster.Leader (process 0)]", graph.location(0).memberPrefix(0));
    }
}
