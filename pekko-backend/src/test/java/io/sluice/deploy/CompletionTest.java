package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Process;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code Deployment.completion()}: the flow's end or failure, without blocking a thread. */
class CompletionTest {

    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("flow failed: ");

    static final class Leader {
    }

    static final class Worker {
    }

    @Test
    void completionCompletesWhenTheFlowDoes() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
        leader.sourceIter(List.of(1, 2, 3, 4)).roundRobin(workers).map(n -> n * 10).sendAnonymous(leader)
              .forEach(seen::add);
        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 2).start()) {
            CompletableFuture<Void> done = run.deployment().completion().toCompletableFuture();
            done.get(60, TimeUnit.SECONDS);
            assertEquals(4, seen.size(), "every element was delivered when completion completed: " + seen);
            assertThrows(UnsupportedOperationException.class, () -> ((CompletableFuture<Void>) run.deployment()
                    .completion()).complete(null), "nobody outside can complete the flow's stage");
        }
    }

    @Test
    void completionFailsWithTheFlowsFailure() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(List.of(1, 2, 3, 4)).roundRobin(workers)
              .map(n -> {
                  if (n == 3) {
                      throw new IllegalStateException("no threes");
                  }
                  return n;
              })
              .sendAnonymous(leader).forEach(n -> { });
        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 2).start()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> run.deployment().completion().toCompletableFuture().get(60, TimeUnit.SECONDS));
            FlowFailedException failure = assertInstanceOf(FlowFailedException.class, e.getCause());
            assertTrue(failure.getMessage().startsWith("[io.sluice.deploy.CompletionTest.Worker (cluster 1) / 0]: map at "
                    + "CompletionTest.java:"), failure.getMessage());
            assertTrue(failure.getMessage().contains("no threes"), failure.getMessage());
        }
    }

    @Test
    void completionBeforeTheStartIsRefused() {
        try (Deployment deployment = new Deployment()) {
            assertEquals("completion() before deploy() and start(): deploy the flow and start it first",
                    assertThrows(IllegalStateException.class, deployment::completion).getMessage());
        }
    }
}
