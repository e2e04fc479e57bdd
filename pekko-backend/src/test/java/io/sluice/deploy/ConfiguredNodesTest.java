package io.sluice.deploy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Process;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members started from configuration, each as its own Deployment (here several in one JVM,
 * exactly as they would be one per machine): the same program, told by {@code sluice.node}
 * which member it is.
 */
class ConfiguredNodesTest {

    /** The coordinator's report of each refusal, expected here: printed only if unexpected. */
    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("flow failed: ");

    static final class Leader {
    }

    static final class Worker {
    }

    /** One node: the program, as every node runs it, with this node's configuration. */
    private record Node(Deployment deployment, Process<Leader> leader, Cluster<Worker> workers) {
        static Node of(Config config) {
            return of(config, false);
        }

        /** One node; an {@code endless} flow never completes by itself (its source is an interval). */
        static Node of(Config config, boolean endless) {
            Deployment deployment = new Deployment(config.withFallback(ConfigFactory.load()));
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            (endless ? leader.sourceInterval(Duration.ofMillis(100)).map(t -> 0) : leader.sourceIter(List.of(0, 1, 2, 3, 4, 5)))
                  .roundRobin(workers)
                  .inspect(n -> System.out.println(n))
                  .sendAnonymous(leader)
                  .forEach(n -> System.out.println(n));
            flow.withProcess(leader, deployment.localhost())
                .withCluster(workers, Collections.nCopies(2, deployment.localhost()))
                .deploy(deployment);
            return new Node(deployment, leader, workers);
        }
    }

    private static Config config(int seedPort, String location, int member, int port, String extra) {
        return ConfigFactory.parseString("sluice.node {\n"
                + "location = \"io.sluice.deploy.ConfiguredNodesTest." + location + "\"\n"
                + "member = " + member + "\n"
                + "seed-nodes = [\"pekko://sluice@127.0.0.1:" + seedPort + "\"]\n"
                + "port = " + port + "\n" + extra + "\n}\nsluice.join-timeout = 30s\n"
                + "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s");
    }


    /** Deploys and runs every node at once, as separately started JVMs would. */
    private static List<CompletableFuture<Void>> runAll(List<Node> nodes) {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (Node n : nodes) {
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    n.deployment().deploy();
                    n.deployment().start();
                    if (!n.deployment().awaitCompletion(Duration.ofSeconds(60))) {
                        throw new AssertionError("no completion within 60 s");
                    }
                } finally {
                    n.deployment().stop();
                }
            }));
        }
        return runs;
    }

    /** Listening on every interface while peers use the loopback address: the bug was a wildcard canonical address. */
    @Test
    void nodesThatBindEveryInterfaceButAreReachedAtTheirHostnameRunTheFlow() throws Exception {
        int seed = FreePorts.next();
        String bind = "bind-hostname = \"0.0.0.0\"";
        List<Node> nodes = List.of(Node.of(config(seed, "Leader", 0, seed, bind)),
                Node.of(config(seed, "Worker", 0, 0, bind)), Node.of(config(seed, "Worker", 1, 0, bind)));
        CompletableFuture.allOf(runAll(nodes).toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertEquals(List.of("0", "2", "4"), nodes.get(1).deployment().stdout(nodes.get(1).workers(), 0));
        assertEquals(List.of("1", "3", "5"), nodes.get(2).deployment().stdout(nodes.get(2).workers(), 1));
    }

    @Test
    void threeConfiguredNodesRunTheFlow() throws Exception {
        int seed = FreePorts.next();
        List<Node> nodes = List.of(Node.of(config(seed, "Leader", 0, seed, "")),
                Node.of(config(seed, "Worker", 0, 0, "")), Node.of(config(seed, "Worker", 1, 0, "")));
        CompletableFuture.allOf(runAll(nodes).toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertEquals(List.of("0", "2", "4"), nodes.get(1).deployment().stdout(nodes.get(1).workers(), 0));
        assertEquals(List.of("1", "3", "5"), nodes.get(2).deployment().stdout(nodes.get(2).workers(), 1));
        List<String> atLeader = new ArrayList<>(nodes.get(0).deployment().stdout(nodes.get(0).leader()));
        Collections.sort(atLeader);
        assertEquals(List.of("0", "1", "2", "3", "4", "5"), atLeader);
    }

    /**
     * The start barrier: with one worker's node not yet started, the nodes that are up run no
     * source; the flow starts, and completes, once that node joins. A source that ran early
     * would send to worker 0 (up and wired), which prints what it gets.
     */
    @Test
    void noSourceRunsBeforeEveryMemberIsWired() throws Exception {
        int seed = FreePorts.next();
        List<Node> nodes = List.of(Node.of(config(seed, "Leader", 0, seed, "")),
                Node.of(config(seed, "Worker", 0, 0, "")), Node.of(config(seed, "Worker", 1, 0, "")));
        List<CompletableFuture<Void>> runs = new ArrayList<>(runAll(nodes.subList(0, 2)));
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(List.of(), nodes.get(1).deployment().stdout(nodes.get(1).workers(), 0),
                    "worker 0 got elements before worker 1's node was started");
            assertEquals(List.of(), nodes.get(0).deployment().stdout(nodes.get(0).leader()), "the leader got elements");
            Thread.sleep(20);
        }
        runs.addAll(runAll(nodes.subList(2, 3)));
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertEquals(List.of("0", "2", "4"), nodes.get(1).deployment().stdout(nodes.get(1).workers(), 0));
        assertEquals(List.of("1", "3", "5"), nodes.get(2).deployment().stdout(nodes.get(2).workers(), 1));
    }

    @Test
    void twoNodesConfiguredAsTheSameMemberAreRefused() throws Exception {
        int seed = FreePorts.next();
        // The flow never completes by itself, so it cannot finish before the second claimant joins.
        List<Node> nodes = List.of(Node.of(config(seed, "Leader", 0, seed, ""), true),
                Node.of(config(seed, "Worker", 0, 0, ""), true), Node.of(config(seed, "Worker", 0, 0, ""), true),
                Node.of(config(seed, "Worker", 1, 0, ""), true));
        // Every node says so, the workers as well as the leader, and none waits for its join timeout.
        for (CompletableFuture<Void> run : runAll(nodes)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(30, TimeUnit.SECONDS));
            String failure = e.getCause().getMessage();
            assertTrue(failure.contains("2 nodes are configured as [io.sluice.deploy.ConfiguredNodesTest.Worker (cluster 1) / 0]")
                    && failure.contains("give each node its own sluice.node.member"), failure);
        }
    }

    @Test
    void nodesThatDisagreeOnClusterSizesAreRefused() throws Exception {
        int seed = FreePorts.next();
        String three = "cluster-sizes { \"io.sluice.deploy.ConfiguredNodesTest.Worker\" = 3 }";
        List<Node> nodes = List.of(Node.of(config(seed, "Leader", 0, seed, "")),
                Node.of(config(seed, "Worker", 0, 0, three)), Node.of(config(seed, "Worker", 1, 0, "")));
        String failure = firstFailure(runAll(nodes));
        assertTrue(failure.contains("runs the flow with location sizes [1, 3] but the coordinator's node with [1, 2]"),
                failure);
    }

    /**
     * The first node's failure; returns once every node has ended, so that none outlives the
     * test (each stops its deployment when its run ends).
     */
    private static String firstFailure(List<CompletableFuture<Void>> runs) throws InterruptedException {
        for (CompletableFuture<Void> run : runs) {
            try {
                run.get(120, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof FlowFailedException f) {
                    awaitEnded(runs);
                    return f.getMessage();
                }
                throw new AssertionError("unexpected failure", e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no node failed within 120 s");
            }
        }
        throw new AssertionError("every node completed: the mistake went unnoticed");
    }

    /** Waits until every run has ended, however it ended. */
    private static void awaitEnded(List<CompletableFuture<Void>> runs) throws InterruptedException {
        try {
            CompletableFuture.allOf(runs.stream().map(r -> r.handle((done, failure) -> null))
                    .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a node did not end within 120 s after the flow failed", e);
        }
    }
}
