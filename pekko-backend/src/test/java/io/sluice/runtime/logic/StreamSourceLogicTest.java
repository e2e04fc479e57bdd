package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.Node;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A sourceStream's logic: a publisher's subscriber with bounded demand, pulled only when ready. */
class StreamSourceLogicTest {

    static final class P {
    }

    /** A publisher the test drives by hand: it counts subscriptions and records the demand and the cancellation. */
    static final class HandPublisher implements Flow.Publisher<Object> {
        Flow.Subscriber<? super Object> subscriber;
        final AtomicInteger subscriptions = new AtomicInteger();
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void subscribe(Flow.Subscriber<? super Object> s) {
            subscriber = s;
            subscriptions.incrementAndGet();
            s.onSubscribe(subscription());
        }

        Flow.Subscription subscription() {
            return new Flow.Subscription() {
                @Override
                public void request(long n) {
                    requested.addAndGet(n);
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            };
        }
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<P> p = flow.process(P.class);
    private final HandPublisher publisher = new HandPublisher();

    private LogicDriver started() {
        p.sourceStream(publisher).forEach(x -> { });
        return LogicDriver.of(flow.build(), Node.SourceStream.class).start();
    }

    @Test
    void itSubscribesWhenTheFlowStartsAndAsksForNoMoreThanItsBuffer() {
        p.sourceStream(publisher).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.SourceStream.class);
        assertEquals(null, publisher.subscriber, "building the logic subscribes nothing");
        d.start();
        assertTrue(d.logic().isPulled());
        assertEquals(SourceFeed.DEMAND, publisher.requested.get());
    }

    @Test
    void eachRoundTakesAtMostItsSizeAndAsksTheSameAmountAgain() {
        LogicDriver d = started();
        for (int i = 0; i < 5; i++) {
            publisher.subscriber.onNext(i);
        }
        assertEquals(List.of(0, 1, 2), d.pull(3).take());
        assertEquals(SourceFeed.DEMAND + 3, publisher.requested.get());
        assertTrue(d.logic().isReady(), "two are still buffered");
        assertEquals(List.of(3, 4), d.pull(10).take());
        assertEquals(SourceFeed.DEMAND + 5, publisher.requested.get());
        assertFalse(d.logic().isReady(), "nothing is buffered: the operator must not pull again");
        assertFalse(d.logic().isExhausted());
        assertFalse(d.logic().isQuiet(), "a live publisher keeps the flow running");
    }

    @Test
    void elementsWakeTheOperatorOnceUntilItPulls() {
        LogicDriver d = started();
        assertEquals(0, d.wakeups());
        publisher.subscriber.onNext("a");
        publisher.subscriber.onNext("b");
        assertEquals(1, d.wakeups(), "one wake-up in flight at most");
        assertEquals(List.of("a", "b"), d.pull(10).take());
        publisher.subscriber.onNext("c");
        assertEquals(2, d.wakeups());
    }

    @Test
    void onCompleteEndsTheStreamAfterTheBufferedElements() {
        LogicDriver d = started();
        publisher.subscriber.onNext(1);
        publisher.subscriber.onNext(2);
        publisher.subscriber.onComplete();
        assertEquals(List.of(1), d.pull(1).take());
        assertFalse(d.logic().isExhausted());
        assertEquals(List.of(2), d.pull(1).take());
        assertTrue(d.logic().isExhausted());
        assertTrue(d.logic().isQuiet());
        assertEquals(SourceFeed.DEMAND, publisher.requested.get(), "no demand after the end");
    }

    @Test
    void onErrorFailsThePullWithTheCause() {
        LogicDriver d = started();
        publisher.subscriber.onError(new IllegalStateException("the feed broke"));
        assertTrue(d.logic().isReady(), "the failure must be pulled to be reported");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.pull(10));
        assertEquals("the publisher failed: java.lang.IllegalStateException: the feed broke", e.getMessage());
        assertEquals("the feed broke", e.getCause().getMessage());
    }

    @Test
    void aPublisherThatSendsMoreThanRequestedFailsTheSourceAndIsCancelled() {
        LogicDriver d = started();
        for (int i = 0; i <= SourceFeed.DEMAND; i++) {
            publisher.subscriber.onNext(i);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.pull(10));
        assertTrue(e.getMessage().contains("more elements than were requested (" + SourceFeed.DEMAND + ")"),
                e.getMessage());
        assertTrue(publisher.cancelled.get());
    }

    @Test
    void aFailureOfTheFlowCancelsTheSubscription() {
        LogicDriver d = started();
        d.logic().onFlowFailed("elsewhere");
        assertTrue(publisher.cancelled.get());
    }

    @Test
    void stoppingCancelsTheSubscriptionAndALateOneToo() {
        LogicDriver d = started();
        d.stop();
        assertTrue(publisher.cancelled.get());
        HandPublisher late = new HandPublisher();
        publisher.subscriber.onSubscribe(late.subscription());
        assertTrue(late.cancelled.get(), "a subscription after the stop is cancelled at once");
        assertEquals(0, late.requested.get());
    }
}
