package io.sluice.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import org.junit.jupiter.api.Test;

/** The graph that run-time sources, sinks and futures make, and the refusals they make. */
class RunTimeIoGraphTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<Leader> leader = flow.process(Leader.class);
    private final Cluster<Worker> workers = flow.cluster(Worker.class);

    private static final Flow.Subscriber<Object> IGNORING = new Flow.Subscriber<>() {
        @Override
        public void onSubscribe(Flow.Subscription s) {
        }

        @Override
        public void onNext(Object item) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }
    };

    @Test
    void sourcesAreOrderedTopLevelAndTheUnorderedFormOfResolveFuturesLosesTheOrder() {
        leader.sourceQueue(SourceQueue.<Integer>bounded(4))
              .resolveFuturesOrdered(CompletableFuture::completedFuture)
              .roundRobin(workers)
              .resolveFutures(CompletableFuture::completedFuture)
              .sendAnonymous(leader)
              .destSink(IGNORING);
        leader.sourceStream(new SubmissionPublisher<String>()).forEach(s -> { });
        assertEquals("""
                location 0: io.sluice.dataflow.RunTimeIoGraphTest.Leader (process 0)
                location 1: io.sluice.dataflow.RunTimeIoGraphTest.Worker (cluster 1)
                0 @0 sourceQueue [top level, unbounded, ordered]
                1 @0 resolveFuturesOrdered <- 0 [top level, unbounded, ordered]
                2 @1 network(round_robin) from location 0 <- 1 [top level, unbounded, ordered]
                3 @1 resolveFutures <- 2 [top level, unbounded, unordered]
                4 @0 network(to_process) from location 1 <- 3 [top level, unbounded, unordered]
                5 @0 destSink <- 4 [top level, unbounded, unordered]
                6 @0 sourceStream [top level, unbounded, ordered]
                7 @0 forEach <- 6 [top level, unbounded, ordered]
                """, flow.build().describe());
    }

    @Test
    void futuresAndSinksInsideATickAreRefusedWithTheFix() {
        ProcessStream<Integer, Leader> batched = leader.sourceIter(List.of(1)).batch(leader.tick());
        String futures = assertThrows(IllegalStateException.class,
                () -> batched.resolveFutures(CompletableFuture::completedFuture)).getMessage();
        assertTrue(futures.startsWith("resolveFutures at RunTimeIoGraphTest.java:"), futures);
        assertTrue(futures.contains("allTicks()"), futures);
        String sink = assertThrows(IllegalStateException.class, () -> batched.destSink(IGNORING)).getMessage();
        assertTrue(sink.startsWith("destSink at RunTimeIoGraphTest.java:"), sink);
    }

    @Test
    void nullArgumentsAreRefusedByName() {
        assertEquals("publisher", assertThrows(NullPointerException.class, () -> leader.sourceStream(null)).getMessage());
        assertEquals("queue", assertThrows(NullPointerException.class, () -> leader.sourceQueue(null)).getMessage());
        ProcessStream<Integer, Leader> s = leader.sourceIter(List.of(1));
        assertEquals("fn", assertThrows(NullPointerException.class, () -> s.resolveFutures(null)).getMessage());
        assertEquals("subscriber", assertThrows(NullPointerException.class, () -> s.destSink(null)).getMessage());
    }

    @Test
    void aQueueFeedsOneOperator() {
        SourceQueue<Integer> queue = SourceQueue.bounded(1);
        leader.sourceQueue(queue).forEach(n -> { });
        String message = assertThrows(IllegalStateException.class, () -> leader.sourceQueue(queue)).getMessage();
        assertTrue(message.startsWith("sourceQueue at RunTimeIoGraphTest.java:"), message);
        assertTrue(message.contains("this SourceQueue already feeds sourceQueue at RunTimeIoGraphTest.java:"), message);
    }
}
