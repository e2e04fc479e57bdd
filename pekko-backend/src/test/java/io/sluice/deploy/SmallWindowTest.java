package io.sluice.deploy;

import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flow control at its tightest: windows of one and two batches and tiny batches, through round
 * robin and back on a real in-JVM cluster. Coalesced acks must never leave a sender waiting for
 * credit that nobody grants, and nothing may be lost or duplicated.
 */
class SmallWindowTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private static final int N = 5_000;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyElementComesBackWithATinyWindow(int window) {
        AtomicLong count = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(() -> IntStream.range(0, N).boxed().iterator())
              .roundRobin(workers)
              .map(x -> (long) x)
              .sendAnonymous(leader)
              .forEach(x -> {
                  count.incrementAndGet();
                  sum.addAndGet(x);
              });
        try (Deployment deployment = new Deployment(ConfigFactory.parseString(
                "sluice.channel.window = " + window + "\nsluice.batch.max-elements = 7").withFallback(ConfigFactory.load()))) {
            flow.withProcess(leader, deployment.inJvm())
                .withCluster(workers, Collections.nCopies(3, deployment.inJvm()))
                .deploy(deployment);
            deployment.deploy();
            deployment.start();
            assertTrue(deployment.awaitCompletion(Duration.ofSeconds(120)), "the flow did not complete in 120 s");
        }
        assertEquals(N, count.get(), "elements back at the leader");
        assertEquals((long) N * (N - 1) / 2, sum.get(), "sum of the elements back at the leader");
    }
}
