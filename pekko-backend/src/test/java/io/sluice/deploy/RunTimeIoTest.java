package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.SourceQueue;
import io.sluice.runtime.actor.LocalTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Run-time sources and sinks in a running flow: a {@link SourceQueue}, a publisher into a
 * {@code destSink} with slow demand, {@code resolveFutures} in both forms (on the process, and
 * between network edges on a cluster), an {@link ActorSource} into an {@link ActorSink}; then a
 * publisher's failure. One in-JVM deployment holds several
 * independent flows, so that the run is paid once.
 */
class RunTimeIoTest {

    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("flow failed: ").expect("the feed broke");

    static final class Leader {
    }

    static final class Worker {
    }

    /** The source's buffer (SourceFeed.DEMAND): what it may have asked the publisher for. */
    private static final int SOURCE_BUFFER = 1024;
    private static final int WINDOW = 2;
    private static final int BATCH = 64;
    private static final String SMALL_CHANNELS = "sluice.channel.window = " + WINDOW + "\nsluice.batch.max-elements = "
            + BATCH;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static ActorTestKit testKit;

    @BeforeAll
    static void startTestKit() {
        testKit = LocalTestKit.create();
    }

    @AfterAll
    static void stopTestKit() {
        testKit.shutdownTestKit();
    }

    /** A SubmissionPublisher that counts what its subscriber took from it, and says when it subscribed. */
    static final class CountingPublisher implements Flow.Publisher<Integer> {
        final SubmissionPublisher<Integer> inner = new SubmissionPublisher<>();
        final AtomicLong taken = new AtomicLong();
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> s) {
            inner.subscribe(new Flow.Subscriber<Integer>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    s.onSubscribe(subscription);
                    subscribed.complete(null);
                }

                @Override
                public void onNext(Integer item) {
                    taken.incrementAndGet();
                    s.onNext(item);
                }

                @Override
                public void onError(Throwable t) {
                    s.onError(t);
                }

                @Override
                public void onComplete() {
                    s.onComplete();
                }
            });
        }

        /** Publishes {@code 0 .. n-1} from a thread of its own once subscribed, then completes. */
        void publish(int n) {
            subscribed.thenRunAsync(() -> {
                for (int i = 0; i < n; i++) {
                    inner.submit(i);
                }
                inner.close();
            });
        }
    }

    /**
     * Requests one element at a time, from a thread of its own, after each one it got; records
     * the most the publisher was ever ahead of it (taken from the publisher, not yet delivered).
     */
    static final class SlowSubscriber implements Flow.Subscriber<Integer> {
        final ExecutorService requester = Executors.newSingleThreadExecutor();
        final CountingPublisher publisher;
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        final AtomicInteger terminalSignals = new AtomicInteger();
        volatile long maxAhead;
        int delivered;
        Flow.Subscription subscription;

        SlowSubscriber(CountingPublisher publisher) {
            this.publisher = publisher;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            requester.execute(() -> s.request(1));
        }

        @Override
        public void onNext(Integer item) {
            if (item != delivered) {
                done.completeExceptionally(new AssertionError("got " + item + ", expected " + delivered));
            }
            delivered++;
            maxAhead = Math.max(maxAhead, publisher.taken.get() - delivered);
            requester.execute(() -> subscription.request(1));
        }

        @Override
        public void onError(Throwable t) {
            terminalSignals.incrementAndGet();
            done.completeExceptionally(t);
            requester.shutdown();
        }

        @Override
        public void onComplete() {
            terminalSignals.incrementAndGet();
            done.complete(delivered);
            requester.shutdown();
        }
    }

    /** A future of {@code n} that completes after a delay that puts later elements first now and then. */
    private static CompletionStage<Integer> later(int n) {
        return CompletableFuture.supplyAsync(() -> n,
                CompletableFuture.delayedExecutor((50 - n) % 5 * 3L, TimeUnit.MILLISECONDS));
    }

    @Test
    void runTimeSourcesAndSinksFeedAndDrainARunningFlow() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);

        SourceQueue<Integer> queue = SourceQueue.bounded(4);
        BlockingQueue<Integer> arrivals = new LinkedBlockingQueue<>();
        leader.sourceQueue(queue).map(n -> n * 10).forEach(arrivals::add);

        CountingPublisher publisher = new CountingPublisher();
        SlowSubscriber slow = new SlowSubscriber(publisher);
        leader.sourceStream(publisher).destSink(slow);

        List<Integer> inOrder = Collections.synchronizedList(new ArrayList<>());
        List<Integer> asCompleted = Collections.synchronizedList(new ArrayList<>());
        List<Integer> numbers = IntStream.range(0, 50).boxed().toList();
        leader.sourceIter(numbers).map(RunTimeIoTest::later).resolveFuturesOrdered(f -> f).forEach(inOrder::add);
        leader.sourceIter(numbers).resolveFutures(RunTimeIoTest::later).forEach(asCompleted::add);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        List<Integer> fromWorkers = Collections.synchronizedList(new ArrayList<>());
        leader.sourceIter(numbers).roundRobin(workers).resolveFuturesOrdered(n -> later(n).thenApply(m -> m * 2))
              .sendAnonymous(leader).forEach(fromWorkers::add);

        TestProbe<String> acks = testKit.createTestProbe();
        TestProbe<String> out = testKit.createTestProbe();
        ActorSource<String> actorSource = ActorSource.actorRefWithBackpressure(testKit.system(), acks.getRef(), "ack",
                "end"::equals, m -> m.equals("abort") ? Optional.of(new IllegalStateException("aborted"))
                        : Optional.empty());
        leader.sourceStream(actorSource).map(s -> s.toUpperCase())
              .destSink(ActorSink.actorRef(out.getRef(), "DONE", t -> "FAILED " + t));

        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 2).config(SMALL_CHANNELS).start()) {
            // A queue fed slowly: each element comes out before the next is offered.
            for (int i = 0; i < 5; i++) {
                if (i > 0) {
                    // The producer's pace, ~50 ms between offers.
                    CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))
                            .get(10, TimeUnit.SECONDS);
                }
                queue.offer(i).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertEquals(i * 10, arrivals.poll(10, TimeUnit.SECONDS),
                        "element " + i + " must come out before the next offer, not with it");
            }
            queue.complete();
            ExecutionException late = assertThrows(ExecutionException.class,
                    () -> queue.offer(99).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, late.getCause());
            assertTrue(late.getCause().getMessage().startsWith("the source queue is completed"),
                    late.getCause().getMessage());

            // An actor source with acks into an actor sink.
            actorSource.ref().tell("a");
            acks.expectMessage("ack");
            actorSource.ref().tell("b");
            acks.expectMessage("ack");
            actorSource.ref().tell("end");
            out.expectMessage("A");
            out.expectMessage("B");
            out.expectMessage("DONE");

            // A publisher into a subscriber that asks for one element at a time.
            int published = 10_000;
            publisher.publish(published);
            assertEquals(published, slow.done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            int bound = SOURCE_BUFFER + 4 * WINDOW * BATCH;
            assertTrue(slow.maxAhead <= bound, "the publisher was " + slow.maxAhead + " elements ahead of the "
                    + "subscriber; backpressure bounds that to " + bound);

            run.awaitCompletion(TIMEOUT);
            assertEquals(numbers, inOrder, "resolveFuturesOrdered keeps the input order");
            assertEquals(Set.copyOf(numbers), new HashSet<>(asCompleted));
            assertEquals(numbers.size(), asCompleted.size());
            List<Integer> doubled = numbers.stream().map(n -> n * 2).toList();
            assertEquals(Set.copyOf(doubled), new HashSet<>(fromWorkers), "on a cluster too");
            assertEquals(doubled.size(), fromWorkers.size());
            assertEquals(doubled.stream().filter(n -> n % 4 == 0).toList(),
                    fromWorkers.stream().filter(n -> n % 4 == 0).toList(), "each member keeps its input's order");
        }
        assertEquals(1, slow.terminalSignals.get(), "exactly one terminal signal, even after the stop");
        out.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aPublishersFailureFailsTheFlowNamingTheOperatorAndTheOthersEndClearly() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        CountingPublisher failing = new CountingPublisher();
        leader.sourceStream(failing).forEach(n -> { });
        CountingPublisher endless = new CountingPublisher();
        SlowSubscriber cut = new SlowSubscriber(endless);
        leader.sourceStream(endless).destSink(cut);
        SourceQueue<Integer> queue = SourceQueue.bounded(2);
        leader.sourceQueue(queue).forEach(n -> { });

        try (FlowRun run = FlowRun.of(flow).process(leader).start()) {
            failing.subscribed.get(10, TimeUnit.SECONDS);
            failing.inner.closeExceptionally(new IllegalStateException("the feed broke"));
            FlowFailedException e = run.awaitFailure(TIMEOUT);
            assertTrue(e.getMessage().startsWith("[io.sluice.deploy.RunTimeIoTest.Leader (process 0)]: sourceStream at "
                    + "RunTimeIoTest.java:"), e.getMessage());
            assertTrue(e.getMessage().contains("the publisher failed: java.lang.IllegalStateException: the feed broke"),
                    e.getMessage());
            // Before the stop: a sink is told the flow's failure as it happens.
            ExecutionException told = assertThrows(ExecutionException.class, () -> cut.done.get(10, TimeUnit.SECONDS));
            FlowFailedException cause = assertInstanceOf(FlowFailedException.class, told.getCause());
            assertEquals(e.getMessage(), cause.getMessage());
            endless.inner.close();
        }
        assertEquals(1, cut.terminalSignals.get(), "one terminal signal, not another at the stop");
        ExecutionException late = assertThrows(ExecutionException.class,
                () -> queue.offer(1).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(late.getCause().getMessage().contains("the flow that read it has ended or was stopped"),
                late.getCause().getMessage());
    }
}
