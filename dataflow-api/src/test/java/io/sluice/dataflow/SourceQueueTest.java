package io.sluice.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** SourceQueue: bounded buffer, bounded waiting offers, one subscriber, a clear end. */
class SourceQueueTest {

    /** Records signals as text; requests only when the test says so. */
    static final class Recording implements Flow.Subscriber<String> {
        final List<String> signals = new ArrayList<>();
        Flow.Subscription subscription;
        Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(String item) {
            signals.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            signals.add("error");
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    private final SourceQueue<String> queue = SourceQueue.bounded(2);
    private final Recording subscriber = new Recording();

    private static Throwable failureOf(CompletionStage<Void> stage) {
        CompletableFuture<Void> f = stage.toCompletableFuture();
        assertTrue(f.isCompletedExceptionally(), "the offer should have failed");
        return assertThrows(ExecutionException.class, f::get).getCause();
    }

    @Test
    void offersBeforeTheFlowStartsWaitInTheBufferAndGoOutOnDemand() {
        assertTrue(queue.offer("a").toCompletableFuture().isDone());
        queue.subscribe(subscriber);
        assertEquals(List.of(), subscriber.signals, "nothing was requested");
        subscriber.subscription.request(5);
        assertEquals(List.of("a"), subscriber.signals);
        queue.offer("b");
        assertEquals(List.of("a", "b"), subscriber.signals, "with demand, an offer goes straight out");
    }

    @Test
    void aFullBufferMakesOffersWaitAndBeyondTheCapacityOfWaitersOffersFailAtOnce() {
        queue.subscribe(subscriber);
        assertTrue(queue.offer("1").toCompletableFuture().isDone());
        assertTrue(queue.offer("2").toCompletableFuture().isDone());
        CompletableFuture<Void> third = queue.offer("3").toCompletableFuture();
        CompletableFuture<Void> fourth = queue.offer("4").toCompletableFuture();
        assertFalse(third.isDone(), "the buffer is full: the offer waits");
        Throwable full = failureOf(queue.offer("5"));
        assertInstanceOf(IllegalStateException.class, full);
        assertTrue(full.getMessage().contains("the source queue is full"), full.getMessage());
        assertTrue(full.getMessage().contains("wait for earlier offers"), full.getMessage());
        subscriber.subscription.request(1);
        assertEquals(List.of("1"), subscriber.signals);
        assertTrue(third.isDone(), "a taken element makes room for the first waiting offer");
        assertFalse(fourth.isDone());
        subscriber.subscription.request(10);
        assertEquals(List.of("1", "2", "3", "4"), subscriber.signals);
        assertTrue(fourth.isDone());
    }

    @Test
    void completeEndsAfterWhatWasOfferedAndLaterOffersFail() {
        queue.subscribe(subscriber);
        queue.offer("a");
        queue.complete();
        assertEquals(List.of(), subscriber.signals);
        Throwable late = failureOf(queue.offer("b"));
        assertInstanceOf(IllegalStateException.class, late);
        assertTrue(late.getMessage().startsWith("the source queue is completed"), late.getMessage());
        subscriber.subscription.request(1);
        assertEquals(List.of("a", "complete"), subscriber.signals);
    }

    @Test
    void failSignalsTheCauseAndFailsTheWaitingOffers() {
        queue.subscribe(subscriber);
        queue.offer("1");
        queue.offer("2");
        CompletableFuture<Void> waiting = queue.offer("3").toCompletableFuture();
        IllegalStateException cause = new IllegalStateException("upstream lost");
        queue.fail(cause);
        assertEquals(List.of("error"), subscriber.signals);
        assertEquals(cause, subscriber.error);
        assertTrue(failureOf(waiting).getMessage().contains("upstream lost"));
    }

    @Test
    void aCancelledQueueRefusesOffers() {
        queue.subscribe(subscriber);
        subscriber.subscription.cancel();
        Throwable late = failureOf(queue.offer("a"));
        assertTrue(late.getMessage().contains("the source queue is completed (the flow that read it has ended"),
                late.getMessage());
    }

    @Test
    void aSecondSubscriberIsRefused() {
        queue.subscribe(subscriber);
        Recording second = new Recording();
        queue.subscribe(second);
        assertInstanceOf(IllegalStateException.class, second.error);
        assertTrue(second.error.getMessage().contains("already read by another operator"), second.error.getMessage());
    }

    @Test
    void nullsAndBadCapacitiesAreRefused() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> queue.offer(null));
        assertEquals("element", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SourceQueue.bounded(0));
    }

    @Test
    void aSubscriberIsSubscribedBeforeAnyOtherSignalEvenWhenItRequestsInOnSubscribe() {
        queue.offer("a");
        queue.complete();
        List<String> signals = new ArrayList<>();
        queue.subscribe(new Flow.Subscriber<String>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                signals.add("subscribed");
                s.request(10);
                signals.add("requested");
            }

            @Override
            public void onNext(String item) {
                signals.add(item);
            }

            @Override
            public void onError(Throwable t) {
                signals.add("error");
            }

            @Override
            public void onComplete() {
                signals.add("complete");
            }
        });
        assertEquals(List.of("subscribed", "requested", "a", "complete"), signals);
    }
}
