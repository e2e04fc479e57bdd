package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.actor.LocalTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ActorSource's ack protocol and ActorSink's one end, each against a hand-driven peer, without a flow. */
class ActorSourceSinkTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = LocalTestKit.create();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** Records the source's signals as text, in a queue the test reads with a timeout. */
    static final class Recording implements Flow.Subscriber<String> {
        final LinkedBlockingQueue<String> signals = new LinkedBlockingQueue<>();
        final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.complete(s);
        }

        @Override
        public void onNext(String item) {
            signals.add(item);
        }

        @Override
        public void onError(Throwable t) {
            signals.add("error: " + t.getMessage());
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }

        String next() throws InterruptedException {
            String s = signals.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("no signal within 10 s");
            }
            return s;
        }

        void request(long n) throws Exception {
            subscription.get(10, TimeUnit.SECONDS).request(n);
        }
    }

    private static ActorSource<String> source(TestProbe<String> acks) {
        return ActorSource.actorRefWithBackpressure(testKit.system(), acks.getRef(), "ack", "end"::equals,
                m -> m.startsWith("abort") ? Optional.of(new IllegalStateException(m)) : Optional.empty());
    }

    @Test
    void anElementIsAcknowledgedOnceTheFlowTookItAndTheEndFollowsTheWaitingOne() throws Exception {
        TestProbe<String> acks = testKit.createTestProbe();
        ActorSource<String> source = source(acks);
        Recording flow = new Recording();
        source.subscribe(flow);
        source.ref().tell("a");
        acks.expectNoMessage(Duration.ofMillis(100));
        flow.request(1);
        assertEquals("a", flow.next());
        acks.expectMessage("ack");
        source.ref().tell("b");
        source.ref().tell("end");
        flow.request(1);
        assertEquals("b", flow.next());
        assertEquals("complete", flow.next());
        acks.expectMessage("ack");
    }

    @Test
    void anElementToldBeforeTheAckFailsTheSourceAsInPekko() throws Exception {
        TestProbe<String> acks = testKit.createTestProbe();
        ActorSource<String> source = source(acks);
        Recording flow = new Recording();
        source.subscribe(flow);
        source.ref().tell("a");
        source.ref().tell("b");
        String error = flow.next();
        assertTrue(error.contains("received b before the previous element was acknowledged"), error);
        assertTrue(error.contains("tell the next one only after ackTo got the ack message"), error);
    }

    @Test
    void theFailureMatcherFailsTheSourceAndASecondSubscriberIsRefused() throws Exception {
        ActorSource<String> source = source(testKit.createTestProbe());
        Recording flow = new Recording();
        source.subscribe(flow);
        Recording second = new Recording();
        source.subscribe(second);
        assertTrue(second.next().contains("already has its subscriber"));
        source.ref().tell("abort: the producer gave up");
        assertEquals("error: abort: the producer gave up", flow.next());
    }

    /** A subscription that counts the demand and the cancellations. */
    static final class Counting implements Flow.Subscription {
        final AtomicLong requested = new AtomicLong();
        final AtomicLong cancelled = new AtomicLong();

        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.incrementAndGet();
        }
    }

    @Test
    void anActorSinkTellsEveryElementThenExactlyOneEnd() {
        TestProbe<String> out = testKit.createTestProbe();
        Flow.Subscriber<String> sink = ActorSink.actorRef(out.getRef(), "done", t -> "failed: " + t.getMessage());
        Counting subscription = new Counting();
        sink.onSubscribe(subscription);
        assertEquals(Long.MAX_VALUE, subscription.requested.get(), "like Pekko's actorRef: no backpressure");
        Counting second = new Counting();
        sink.onSubscribe(second);
        assertEquals(1, second.cancelled.get(), "a second subscription is cancelled (rule 2.5)");
        for (String s : List.of("x", "y")) {
            sink.onNext(s);
        }
        sink.onError(new IllegalStateException("the flow failed"));
        sink.onComplete();
        out.expectMessage("x");
        out.expectMessage("y");
        out.expectMessage("failed: the flow failed");
        out.expectNoMessage(Duration.ofMillis(100));
    }
}
