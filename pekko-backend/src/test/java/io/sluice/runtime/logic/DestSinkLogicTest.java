package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** A destSink's logic: what the subscriber has not asked for is held, with its acks. */
class DestSinkLogicTest {

    static final class P {
    }

    /** Records every signal, in order, as text; requests only when the test says so. */
    static final class Recording implements Flow.Subscriber<Integer> {
        final List<String> signals = new ArrayList<>();
        Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            signals.add("subscribed");
        }

        @Override
        public void onNext(Integer item) {
            signals.add(String.valueOf(item));
        }

        @Override
        public void onError(Throwable t) {
            signals.add("error " + t.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<P> p = flow.process(P.class);
    private final Recording subscriber = new Recording();

    private LogicDriver started() {
        p.sourceIter(List.of(1)).destSink(subscriber);
        return LogicDriver.of(flow.build(), Node.DestSink.class).start();
    }

    @Test
    void whatComesBeforeTheStartIsKeptForTheSubscriber() {
        p.sourceIter(List.of(1)).destSink(subscriber);
        LogicDriver d = LogicDriver.of(flow.build(), Node.DestSink.class).wired();
        d.batch(1, 2);                    // from a member that started first
        assertTrue(subscriber.signals.isEmpty(), "no signal before the start");
        assertTrue(d.logic().retainsInput(), "held, with its acks, until the subscriber asks");
        d.start();
        subscriber.subscription.request(5);
        d.wake();
        assertEquals(List.of("subscribed", "1", "2"), subscriber.signals);
    }

    @Test
    void elementsPassOnlyAsTheSubscriberRequestsAndTheRestHoldTheirAcks() {
        LogicDriver d = started();
        assertEquals(List.of("subscribed"), subscriber.signals);
        d.batch(1, 2, 3);
        assertEquals(List.of("subscribed"), subscriber.signals, "nothing was requested");
        assertTrue(d.logic().retainsInput());
        subscriber.subscription.request(2);
        assertEquals(1, d.wakeups());
        d.wake();
        assertEquals(List.of("subscribed", "1", "2"), subscriber.signals);
        assertTrue(d.logic().retainsInput(), "3 is still held");
        subscriber.subscription.request(5);
        d.wake();
        assertFalse(d.logic().retainsInput());
        d.batch(4, 5);
        assertEquals(List.of("subscribed", "1", "2", "3", "4", "5"), subscriber.signals);
        d.batch(6, 7, 8);
        assertEquals(List.of("subscribed", "1", "2", "3", "4", "5", "6", "7"), subscriber.signals);
        assertTrue(d.logic().retainsInput());
    }

    @Test
    void theEndWaitsForTheHeldElementsThenCompletesOnce() {
        LogicDriver d = started();
        d.batch(1);
        assertTrue(d.logic().holdsEnd());
        subscriber.subscription.request(1);
        d.wake();
        assertFalse(d.logic().holdsEnd());
        d.complete().stop();
        assertEquals(List.of("subscribed", "1", "complete"), subscriber.signals);
    }

    @Test
    void aStopBeforeTheEndIsSignalledAsAnErrorExactlyOnce() {
        LogicDriver d = started();
        d.batch(1).stop().stop();
        assertEquals(List.of("subscribed", "error CancellationException"), subscriber.signals);
    }

    @Test
    void aFailureOfTheFlowIsSignalledAsItHappensAndNotAgainAtTheStop() {
        LogicDriver d = started();
        d.batch(1, 2);
        d.logic().onFlowFailed("[Leader (process 0)]: map at Job.java:3 failed: boom");
        assertEquals(List.of("subscribed", "error FlowFailedException"), subscriber.signals);
        assertFalse(d.logic().retainsInput(), "what was held is dropped");
        d.stop();
        assertEquals(List.of("subscribed", "error FlowFailedException"), subscriber.signals);
    }

    @Test
    void theStopsErrorNamesTheOperator() {
        List<Throwable> errors = new ArrayList<>();
        p.sourceIter(List.of(1)).destSink(new Flow.Subscriber<Integer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
            }

            @Override
            public void onNext(Integer item) {
            }

            @Override
            public void onError(Throwable t) {
                errors.add(t);
            }

            @Override
            public void onComplete() {
            }
        });
        LogicDriver.of(flow.build(), Node.DestSink.class).start().stop();
        assertInstanceOf(CancellationException.class, errors.get(0));
        assertTrue(errors.get(0).getMessage().startsWith("destSink at DestSinkLogicTest.java:"), errors.get(0).getMessage());
    }

    @Test
    void aCancelledSubscriberGetsNothingMoreAndTheRestIsDroppedWithItsAcks() {
        LogicDriver d = started();
        d.batch(1, 2);
        subscriber.subscription.cancel();
        d.wake();
        assertFalse(d.logic().retainsInput());
        assertFalse(d.logic().holdsEnd());
        d.batch(3);
        subscriber.subscription.request(10);
        d.wake().complete().stop();
        assertEquals(List.of("subscribed"), subscriber.signals);
    }

    @Test
    void aNonPositiveRequestFailsTheSinkAndSignalsTheSubscriber() {
        LogicDriver d = started();
        d.batch(1);
        subscriber.subscription.request(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, d::wake);
        assertTrue(e.getMessage().contains("rule 3.9"), e.getMessage());
        d.stop();
        assertEquals(List.of("subscribed", "error IllegalArgumentException"), subscriber.signals);
    }

    @Test
    void aSinkStoppedBeforeTheFlowStartedIsSubscribedThenToldOfTheError() {
        p.sourceIter(List.of(1)).destSink(subscriber);
        LogicDriver.of(flow.build(), Node.DestSink.class).stop();
        assertEquals(List.of("subscribed", "error CancellationException"), subscriber.signals);
    }
}
