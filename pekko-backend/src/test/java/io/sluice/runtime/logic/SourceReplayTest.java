package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.Node;
import io.sluice.runtime.logic.StreamSourceLogicTest.HandPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A run-time source in a flow that can restart: its member's feed outlives the operators of an
 * incarnation, so a restarted source keeps its subscription and emits again, in order, what it
 * had emitted after the snapshot the flow restarts from, then new elements; what came before a
 * complete snapshot is dropped; the buffer is bounded.
 */
class SourceReplayTest {

    static final class P {
    }

    /** What a source emitted, in order. */
    static final class Collected implements Emitter {
        final List<Object> elements = new ArrayList<>();

        @Override
        public void emit(Object element) {
            elements.add(element);
        }

        @Override
        public void emitAll(Object[] batch) {
            elements.addAll(List.of(batch));
        }

        @Override
        public void flush() {
        }

        List<Object> take() {
            List<Object> taken = List.copyOf(elements);
            elements.clear();
            return taken;
        }
    }

    private final HandPublisher publisher = new HandPublisher();
    private final Node.SourceStream node;
    private final Collected out = new Collected();

    SourceReplayTest() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        p.sourceStream(publisher).forEach(x -> { });
        node = flow.build().nodes().stream().filter(Node.SourceStream.class::isInstance)
                .map(Node.SourceStream.class::cast).findFirst().orElseThrow();
    }

    /** A new incarnation's source on {@code feeds}, restored to {@code position} when it is not negative, started. */
    private StreamSourceLogic incarnation(MemberFeeds feeds, long position) {
        StreamSourceLogic logic = new StreamSourceLogic(node, feeds);
        if (position >= 0) {
            logic.restore(new Object[] {position});
        }
        logic.onStart(out, () -> { });
        return logic;
    }

    private void publish(int from, int to) {
        IntStream.range(from, to).forEach(publisher.subscriber::onNext);
    }

    private static List<Object> range(int from, int to) {
        return IntStream.range(from, to).boxed().map(Object.class::cast).toList();
    }

    /** Snapshot {@code id} of {@code logic}: records its position, as the operator does. */
    private static long snapshot(StreamSourceLogic logic, long id) {
        long position = (Long) logic.snapshot()[0];
        logic.snapshotRecorded(id);
        return position;
    }

    @Test
    void aRestartedSourceEmitsAgainWhatItEmittedAfterItsSnapshotThenNewElements() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        StreamSourceLogic first = incarnation(feeds, -1);
        assertEquals(1, publisher.subscriptions.get(), "subscribed once");
        publish(0, 10);
        first.pull(out, 5);
        assertEquals(5L, snapshot(first, 1));
        first.pull(out, 100);
        assertEquals(range(0, 10), out.take());
        first.onStop();
        assertFalse(publisher.cancelled.get(), "the member's feed outlives the operator");

        StreamSourceLogic second = incarnation(feeds, 5);
        publish(10, 12);
        assertTrue(second.isReady());
        second.pull(out, 3);
        assertEquals(range(5, 8), out.take(), "replayed first, in order");
        second.pull(out, 100);
        assertEquals(range(8, 12), out.take(), "then what came after the loss");
        assertEquals(12L, snapshot(second, 2));
        assertEquals(SourceFeed.DEMAND + 12, publisher.requested.get(), "demand counts new elements only");
        assertEquals(1, publisher.subscriptions.get(), "subscribed once");
    }

    @Test
    void withoutACompleteSnapshotARestartReplaysFromTheBeginning() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        StreamSourceLogic first = incarnation(feeds, -1);
        publish(0, 6);
        first.pull(out, 100);
        snapshot(first, 1);
        out.take();
        first.onStop();
        StreamSourceLogic second = incarnation(feeds, -1);
        second.pull(out, 100);
        assertEquals(range(0, 6), out.take());
    }

    @Test
    void aCompleteSnapshotDropsWhatCameBeforeIt() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        StreamSourceLogic first = incarnation(feeds, -1);
        publish(0, 10);
        first.pull(out, 5);
        snapshot(first, 1);
        first.pull(out, 100);
        first.snapshotsCompleted(1);
        first.onStop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> incarnation(feeds, 0));
        assertEquals("it cannot replay its elements from position 0: it kept only positions 5 to 9", e.getMessage());
        StreamSourceLogic second = incarnation(feeds, 5);
        out.take();
        second.pull(out, 100);
        assertEquals(range(5, 10), out.take());
    }

    @Test
    void aFullBufferHoldsTheSourceBackUntilASnapshotCompletes() {
        MemberFeeds feeds = MemberFeeds.replaying(4, false);
        StreamSourceLogic source = incarnation(feeds, -1);
        publish(0, 10);
        source.pull(out, 100);
        assertEquals(range(0, 4), out.take());
        assertFalse(source.isReady(), "the buffer is full: the operator must not pull");
        assertEquals(SourceFeed.DEMAND + 4, publisher.requested.get(), "the publisher is held back by demand");
        snapshot(source, 1);
        source.snapshotsCompleted(1);
        assertTrue(source.isReady());
        source.pull(out, 100);
        assertEquals(range(4, 8), out.take());
    }

    @Test
    void onceSnapshotsStopAFullBufferIsDroppedAndARestartFromBeforeItFails() {
        MemberFeeds feeds = MemberFeeds.replaying(4, false);
        StreamSourceLogic first = incarnation(feeds, -1);
        publish(0, 10);
        first.pull(out, 100);
        first.snapshotsStopped();
        assertTrue(first.isReady());
        first.pull(out, 100);
        assertEquals(range(0, 10), out.take(), "nothing is lost while the flow runs");
        first.onStop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> incarnation(feeds, -1));
        assertTrue(e.getMessage().contains("having dropped its replay buffer when the flow stopped taking snapshots"),
                e.getMessage());
    }

    @Test
    void theOperatorOfAStoppedIncarnationGetsNothingOnceTheNextOneIsAttached() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        StreamSourceLogic stale = incarnation(feeds, -1);
        publish(0, 3);
        StreamSourceLogic current = incarnation(feeds, -1);
        assertFalse(stale.isReady());
        stale.pull(out, 100);
        assertEquals(List.of(), out.take());
        current.pull(out, 100);
        assertEquals(range(0, 3), out.take());
    }

    @Test
    void closingTheMembersFeedsCancelsTheSubscription() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        incarnation(feeds, -1).onStop();
        assertFalse(publisher.cancelled.get());
        feeds.close();
        assertTrue(publisher.cancelled.get());
    }

    @Test
    void aSourceOfItsOwnCancelsWhenItStops() {
        StreamSourceLogic source = incarnation(MemberFeeds.NONE, -1);
        source.onStop();
        assertTrue(publisher.cancelled.get());
    }

    @Test
    void onANodeThatTookOverItSubscribesAfreshAndGoesOnFromItsSnapshotsPosition() {
        MemberFeeds feeds = MemberFeeds.replaying(100, true);
        StreamSourceLogic source = incarnation(feeds, 7);
        assertEquals(1, publisher.subscriptions.get(), "subscribed once");
        publish(0, 2);
        source.pull(out, 100);
        assertEquals(range(0, 2), out.take());
        assertEquals(9L, snapshot(source, 3), "positions go on from the snapshot's");
    }
}
