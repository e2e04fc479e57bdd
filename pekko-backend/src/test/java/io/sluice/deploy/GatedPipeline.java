package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * The seed's pipeline on three configured nodes in this JVM (a leader on the seed's port and two
 * workers on given ports), as hand-started nodes run it, whose source waits for a gate: a test
 * does what it must to the running cluster, opens the gate, and checks the exact result (every
 * element of {@code 0..n-1} doubled, once).
 */
final class GatedPipeline implements AutoCloseable {

    static final class Leader {
    }

    static final class Worker {
    }

    private final long n;
    private final CompletableFuture<Void> gate = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<Long> out = new ConcurrentLinkedQueue<>();
    private final List<Deployment> nodes = new ArrayList<>();
    private final List<CompletableFuture<Void>> runs = new ArrayList<>();
    private final List<CompletableFuture<Void>> deployed = new ArrayList<>();

    /** Starts the three nodes; {@code extra} is added to every node's configuration (TLS, say). */
    GatedPipeline(long n, int seed, int worker0, int worker1, Config extra) {
        this.n = n;
        nodes.add(node(seed, "Leader", 0, seed, extra));
        nodes.add(node(seed, "Worker", 0, worker0, extra));
        nodes.add(node(seed, "Worker", 1, worker1, extra));
        for (Deployment d : nodes) {
            CompletableFuture<Void> up = new CompletableFuture<>();
            deployed.add(up);
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    d.deploy();
                    up.complete(null);
                } catch (RuntimeException | Error e) {
                    up.completeExceptionally(e);
                    throw e;
                }
                d.start();
                assertTrue(d.awaitCompletion(Duration.ofSeconds(90)), "the flow completes");
            }));
        }
    }

    private Deployment node(int seed, String location, int member, int port, Config extra) {
        Config config = ConfigFactory.parseString("sluice.node {\n"
                        + "location = \"io.sluice.deploy.GatedPipeline." + location + "\"\n"
                        + "member = " + member + "\n"
                        + "seed-nodes = [\"pekko://sluice@127.0.0.1:" + seed + "\"]\n"
                        + "port = " + port + "\n}\nsluice.join-timeout = 30s\n"
                        + "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s")
                .withFallback(extra).withFallback(ConfigFactory.load());
        Deployment deployment = new Deployment(config);
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(this::gatedRange)
                .roundRobin(workers)
                .map(x -> 2 * x)
                .sendAnonymous(leader)
                .forEach(out::add);
        flow.withProcess(leader, deployment.localhost())
                .withCluster(workers, Collections.nCopies(2, deployment.localhost()))
                .deploy(deployment);
        return deployment;
    }

    /** Waits until every node's {@code deploy()} has returned: its ActorSystem runs and listens. */
    void awaitDeployed(Duration timeout) throws Exception {
        CompletableFuture.allOf(deployed.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** 0..n-1, once the gate is open (a test may wait here; a real source must not block). */
    private Iterator<Long> gatedRange() {
        gate.orTimeout(60, TimeUnit.SECONDS).join();
        return LongStream.range(0, n).boxed().iterator();
    }

    /** Opens the gate, waits for every node to complete, and checks the exact result. */
    void openAndAssertExact() throws Exception {
        gate.complete(null);
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertEquals(n, out.size(), "every element once, and nothing else");
        assertEquals(n * (n - 1), out.stream().mapToLong(Long::longValue).sum(), "the exact sum of the doubled elements");
    }

    @Override
    public void close() {
        gate.complete(null);
        // Together, as separate machines' nodes end: one by one, each later node would first see
        // the earlier ones vanish (unreachable, downing, reconnecting transports), which only
        // slows its own stop.
        java.util.concurrent.ExecutorService stopping = java.util.concurrent.Executors.newFixedThreadPool(nodes.size());
        try {
            List<java.util.concurrent.Future<?>> stops = nodes.stream().map(d -> stopping.submit(d::stop))
                    .collect(java.util.stream.Collectors.toList());
            for (java.util.concurrent.Future<?> stop : stops) {
                try {
                    stop.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while stopping the nodes", e);
                }
            }
        } finally {
            stopping.shutdown();
        }
    }
}
