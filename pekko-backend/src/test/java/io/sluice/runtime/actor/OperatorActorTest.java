package io.sluice.runtime.actor;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.spi.MemberContext;
import io.sluice.plan.FlowPlan;
import io.sluice.runtime.channel.OutChannel;
import io.sluice.runtime.scope.MemberConsole;
import io.sluice.runtime.scope.MemberScope;
import io.sluice.runtime.wire.LocalBatch;
import io.sluice.runtime.wire.OperatorMessage;
import io.sluice.runtime.wire.WireMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One operator actor between probes standing for its producer, its consumer and its member:
 * credit-based flow control, held acks, duplicates, lost batches, and completion.
 */
class OperatorActorTest {

    static final class P {
    }

    private static final int WINDOW = 4;
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = LocalTestKit.create();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** A map (x -> x * 10) actor wired to the three probes. */
    private record Rig(ActorRef<OperatorMessage> op, TestProbe<OperatorMessage> upstream,
                       TestProbe<OperatorMessage> downstream, TestProbe<MemberMessage> member) {
    }

    private static Rig rig() {
        return rig(WINDOW);
    }

    private static Rig rig(int window) {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        p.sourceIter(List.of(1)).map(x -> x * 10).forEach(x -> { });
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1));
        RuntimeSettings settings = new RuntimeSettings(window, 8, 64 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1));
        MemberScope scope = new MemberScope(new MemberContext(0, 0, List.of(1)), new MemberConsole("", System.out, 100));
        TestProbe<OperatorMessage> upstream = testKit.createTestProbe();
        TestProbe<OperatorMessage> downstream = testKit.createTestProbe();
        TestProbe<MemberMessage> member = testKit.createTestProbe();
        ActorRef<OperatorMessage> op = testKit.spawn(
                OperatorActor.create(plan.operators().get(1), plan.sizes(), 0, scope, settings, member.getRef(), 0));
        op.tell(new OperatorControl.Connect(List.of(List.of(downstream.getRef())), List.of(List.of(upstream.getRef())),
                Optional.empty()));
        op.tell(new OperatorControl.Start());
        return new Rig(op, upstream, downstream, member);
    }

    private static LocalBatch batch(long seq, Object... elements) {
        return new LocalBatch(0, 0, seq, elements);
    }

    @Test
    void aSlowConsumerHoldsBackTheProducersCredit() {
        Rig r = rig();
        for (int seq = 1; seq <= WINDOW + 3; seq++) {
            r.op().tell(batch(seq, seq));
        }
        // The first WINDOW outputs go out and their inputs are acked at once ...
        for (int seq = 1; seq <= WINDOW; seq++) {
            LocalBatch out = r.downstream().expectMessageClass(LocalBatch.class);
            assertEquals(seq, out.seq());
            assertArrayEquals(new Object[] {seq * 10}, out.elements());
            assertEquals(new WireMessage.Ack(0, 0, seq), r.upstream().expectMessageClass(WireMessage.Ack.class));
        }
        // ... the rest wait for credit, and so do their inputs' acks.
        r.downstream().expectNoMessage(Duration.ofMillis(200));
        r.upstream().expectNoMessage(Duration.ZERO);

        r.op().tell(new WireMessage.Ack(0, 0, 2));
        assertEquals(WINDOW + 1, r.downstream().expectMessageClass(LocalBatch.class).seq());
        assertEquals(WINDOW + 2, r.downstream().expectMessageClass(LocalBatch.class).seq());
        r.upstream().expectNoMessage(Duration.ofMillis(100));

        r.op().tell(new WireMessage.Ack(0, 0, WINDOW + 2));
        assertEquals(WINDOW + 3, r.downstream().expectMessageClass(LocalBatch.class).seq());
        assertEquals(new WireMessage.Ack(0, 0, WINDOW + 3), r.upstream().expectMessageClass(WireMessage.Ack.class));
    }

    @Test
    void batchesThatDoNotAskForAnAckAreAcknowledgedByTheNextThatDoesOrByTheEnd() {
        Rig r = rig();
        r.op().tell(new LocalBatch(0, 0, 1, new Object[] {1}, false, false));
        r.op().tell(new LocalBatch(0, 0, 2, new Object[] {2}, false, false));
        r.op().tell(new LocalBatch(0, 0, 3, new Object[] {3}, true, false));
        for (int seq = 1; seq <= 3; seq++) {
            r.downstream().expectMessageClass(LocalBatch.class);
        }
        assertEquals(new WireMessage.Ack(0, 0, 3), r.upstream().expectMessageClass(WireMessage.Ack.class),
                "one ack for the three batches");
        r.op().tell(new LocalBatch(0, 0, 4, new Object[] {4}, false, false));
        r.downstream().expectMessageClass(LocalBatch.class);
        r.upstream().expectNoMessage(Duration.ofMillis(200));
        r.op().tell(new WireMessage.End(0, 0, 4));
        assertEquals(new WireMessage.Ack(0, 0, 4), r.upstream().expectMessageClass(WireMessage.Ack.class),
                "the end of the input acks what is owed");
    }

    @Test
    void theOperatorAsksForAcksEveryQuarterWindow() {
        Rig r = rig();
        for (int seq = 1; seq <= WINDOW; seq++) {
            r.op().tell(batch(seq, seq));
            LocalBatch out = r.downstream().expectMessageClass(LocalBatch.class);
            assertEquals(seq % OutChannel.ackEvery(WINDOW) == 0, out.ackRequested(), "batch " + seq);
        }
    }

    @Test
    void withALargerWindowOnlyEveryQuarterWindowBatchAsksForItsAckAndTheEndAsksForTheRest() {
        int window = 16;
        int every = OutChannel.ackEvery(window);
        assertEquals(4, every);
        int batches = 10;
        Rig r = rig(window);
        // The producer asks as a channel of the same window would: every quarter-window batch.
        for (int seq = 1; seq <= batches; seq++) {
            r.op().tell(new LocalBatch(0, 0, seq, new Object[] {seq}, seq % every == 0, false));
        }
        for (int seq = 1; seq <= batches; seq++) {
            LocalBatch out = r.downstream().expectMessageClass(LocalBatch.class);
            assertEquals(seq, out.seq());
            assertEquals(seq % every == 0, out.ackRequested(), "batch " + seq + " asks for its ack");
            if (out.ackRequested()) {
                r.op().tell(new WireMessage.Ack(0, 0, seq)); // the consumer acks what asks, and only that
            }
        }
        assertEquals(new WireMessage.Ack(0, 0, 4), r.upstream().expectMessageClass(WireMessage.Ack.class));
        assertEquals(new WireMessage.Ack(0, 0, 8), r.upstream().expectMessageClass(WireMessage.Ack.class));
        r.upstream().expectNoMessage(Duration.ofMillis(200));

        r.op().tell(new WireMessage.End(0, 0, batches));
        assertEquals(new WireMessage.Ack(0, 0, batches), r.upstream().expectMessageClass(WireMessage.Ack.class),
                "the end of the input acks the batches that did not ask");
        assertEquals(new WireMessage.End(0, 0, batches), r.downstream().expectMessageClass(WireMessage.End.class),
                "the end of the output asks for the rest");
        r.member().expectNoMessage(Duration.ofMillis(200));
        r.op().tell(new WireMessage.Ack(0, 0, batches));
        assertEquals(new MemberMessage.OperatorDone(0, 1), r.member().expectMessageClass(MemberMessage.OperatorDone.class),
                "done once the consumer acked the rest");
    }

    @Test
    void theEndFollowsTheLastBatchAndDoneWaitsForEveryAck() {
        Rig r = rig();
        r.op().tell(batch(1, 1, 2));
        r.op().tell(new WireMessage.End(0, 0, 1));
        assertEquals(1, r.downstream().expectMessageClass(LocalBatch.class).seq());
        assertEquals(new WireMessage.End(0, 0, 1), r.downstream().expectMessageClass(WireMessage.End.class));
        r.member().expectNoMessage(Duration.ofMillis(200));
        r.op().tell(new WireMessage.Ack(0, 0, 1));
        assertEquals(new MemberMessage.OperatorDone(0, 1), r.member().expectMessageClass(MemberMessage.OperatorDone.class));
    }

    @Test
    void aDuplicateBatchIsAckedAndDropped() {
        Rig r = rig();
        r.op().tell(batch(1, 5));
        r.op().tell(batch(1, 5));
        r.downstream().expectMessageClass(LocalBatch.class);
        r.upstream().expectMessageClass(WireMessage.Ack.class);
        r.upstream().expectMessageClass(WireMessage.Ack.class);
        r.downstream().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aLostBatchIsReportedNotSkipped() {
        Rig r = rig();
        r.op().tell(batch(1, 5));
        r.op().tell(batch(3, 7));
        MemberMessage.OperatorFailed failed = r.member().expectMessageClass(MemberMessage.OperatorFailed.class);
        assertTrue(failed.reason().contains("batches 2..2 from sender 0 never arrived"), failed.reason());
    }

    @Test
    void aSlowSourceSendsWhatIsReadyInsteadOfWaitingForAFullBatch() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        Iterable<Integer> slow = () -> new java.util.Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < 5;
            }

            @Override
            public Integer next() {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return next++;
            }
        };
        p.sourceIter(slow).forEach(x -> { });
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1));
        TestProbe<MemberMessage> member = testKit.createTestProbe();
        TestProbe<OperatorMessage> downstream = testKit.createTestProbe();
        ActorRef<OperatorMessage> source = testKit.spawn(OperatorActor.create(plan.operators().get(0), plan.sizes(), 0,
                new MemberScope(new MemberContext(0, 0, List.of(1)), new MemberConsole("", System.out, 100)),
                new RuntimeSettings(WINDOW, 8, 64 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1)), member.getRef(), 0));
        source.tell(new OperatorControl.Connect(List.of(List.of(downstream.getRef())), List.of(), Optional.empty()));
        source.tell(new OperatorControl.Start());
        assertArrayEquals(new Object[] {0}, downstream.expectMessageClass(LocalBatch.class).elements(),
                "the first element goes out alone, not after a batch of 8 was waited for");
    }

    /**
     * A member that started first can send a destSink its input, and even the input's end, before
     * the sink's own member starts it: the sink keeps that input, and ends only after it started,
     * so its subscriber gets every element and then its completion.
     */
    @Test
    void aSinkTakesInputAndItsEndBeforeItStartsAndLosesNothing() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        List<Object> got = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<List<Object>> ended = new CompletableFuture<>();
        p.sourceIter(List.of(1)).destSink(new Flow.Subscriber<Integer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer item) {
                got.add(item);
            }

            @Override
            public void onError(Throwable t) {
                ended.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                ended.complete(List.copyOf(got));
            }
        });
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1));
        TestProbe<MemberMessage> member = testKit.createTestProbe();
        TestProbe<OperatorMessage> upstream = testKit.createTestProbe();
        ActorRef<OperatorMessage> sink = testKit.spawn(OperatorActor.create(plan.operators().get(1), plan.sizes(), 0,
                new MemberScope(new MemberContext(0, 0, List.of(1)), new MemberConsole("", System.out, 100)),
                new RuntimeSettings(WINDOW, 8, 64 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1)), member.getRef(), 0));
        sink.tell(new OperatorControl.Connect(List.of(), List.of(List.of(upstream.getRef())), Optional.empty()));
        sink.tell(batch(1, 1, 2));
        sink.tell(batch(2, 3));
        sink.tell(new WireMessage.End(0, 0, 2));
        member.expectNoMessage(Duration.ofMillis(200));
        assertFalse(ended.isDone(), "the sink does not end before it started");

        sink.tell(new OperatorControl.Start());
        assertEquals(new MemberMessage.OperatorDone(0, 1), member.expectMessageClass(MemberMessage.OperatorDone.class));
        assertEquals(List.of(1, 2, 3), ended.join());
    }

    @Test
    void aNullResultFailsTheOperatorWithAHint() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        p.sourceIter(List.of(1)).map(x -> (Integer) null).forEach(x -> { });
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1));
        TestProbe<MemberMessage> member = testKit.createTestProbe();
        TestProbe<OperatorMessage> any = testKit.createTestProbe();
        ActorRef<OperatorMessage> op = testKit.spawn(OperatorActor.create(plan.operators().get(1), plan.sizes(), 0,
                new MemberScope(new MemberContext(0, 0, List.of(1)), new MemberConsole("", System.out, 100)),
                new RuntimeSettings(WINDOW, 8, 64 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1)), member.getRef(), 0));
        op.tell(new OperatorControl.Connect(List.of(List.of(any.getRef())), List.of(List.of(any.getRef())), Optional.empty()));
        op.tell(batch(1, 1));
        String reason = member.expectMessageClass(MemberMessage.OperatorFailed.class).reason();
        assertTrue(reason.contains("map at OperatorActorTest.java:"), reason);
        assertTrue(reason.contains("produced null: streams carry no nulls"), reason);
    }
}
