package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.Node;
import io.sluice.runtime.logic.DestSinkLogicTest.Recording;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code destSink} in a flow that can restart: its member's feed keeps the subscriber across
 * incarnations and hands it an element only once a complete snapshot covers it, so a restart,
 * which drops what no complete snapshot covered and gets it again from the replay, hands the
 * subscriber every element once.
 */
class SinkReplayTest {

    static final class P {
    }

    private final Recording subscriber = new Recording();
    private final Node.DestSink node;

    SinkReplayTest() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        p.sourceIter(List.of(1)).destSink(subscriber);
        node = flow.build().nodes().stream().filter(Node.DestSink.class::isInstance)
                .map(Node.DestSink.class::cast).findFirst().orElseThrow();
    }

    /** A new incarnation's sink on {@code feeds}, restored to {@code epoch} when it is positive, started. */
    private DestSinkLogic incarnation(MemberFeeds feeds, long epoch) {
        DestSinkLogic logic = wired(feeds, epoch);
        logic.onStart(null, () -> { });
        return logic;
    }

    /** The same, wired and not started yet: input may come from members that started first. */
    private DestSinkLogic wired(MemberFeeds feeds, long epoch) {
        DestSinkLogic logic = new DestSinkLogic(node, feeds);
        if (epoch > 0) {
            logic.restore(new Object[] {epoch});
        }
        logic.onWired();
        return logic;
    }

    /** Snapshot {@code id} of {@code sink}, as the operator takes it: the state, then the seal. */
    private static long snapshot(DestSinkLogic sink, long id) {
        long epoch = (Long) sink.snapshot()[0];
        sink.snapshotRecorded(id);
        return epoch;
    }

    private static void take(DestSinkLogic sink, Integer... elements) {
        sink.onBatch(0, 0, elements, null);
    }

    @Test
    void theSubscriberGetsAnElementOnceASnapshotCoveringItIsComplete() {
        DestSinkLogic sink = incarnation(MemberFeeds.replaying(100, false), 0);
        subscriber.subscription.request(10);
        take(sink, 1, 2, 3);
        assertEquals(List.of("subscribed"), subscriber.signals, "nothing before a snapshot covers it");
        assertEquals(1L, snapshot(sink, 7));
        take(sink, 4);
        assertEquals(List.of("subscribed"), subscriber.signals, "sealed, not complete yet");
        assertTrue(sink.holdsEnd());
        assertFalse(sink.retainsInput(), "what waits for a snapshot never holds acks back (the barrier must come)");
        sink.snapshotsCompleted(7);
        assertEquals(List.of("subscribed", "1", "2", "3"), subscriber.signals);
        assertTrue(sink.holdsEnd(), "4 waits for the next snapshot; the end waits for it");
        snapshot(sink, 8);
        sink.snapshotsCompleted(8);
        assertEquals(List.of("subscribed", "1", "2", "3", "4"), subscriber.signals);
        assertFalse(sink.holdsEnd());
    }

    @Test
    void aRestartDropsWhatNoCompleteSnapshotCoveredAndHandsTheReplayOverOnce() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        DestSinkLogic first = incarnation(feeds, 0);
        subscriber.subscription.request(100);
        take(first, 1, 2);
        long epoch = snapshot(first, 1);
        first.snapshotsCompleted(1);
        take(first, 3, 4);
        snapshot(first, 2);
        take(first, 5);
        first.onStop();

        // The flow restarts from snapshot 1: the sources send 3, 4 and 5 again.
        DestSinkLogic second = incarnation(feeds, epoch);
        take(second, 3, 4, 5);
        snapshot(second, 3);
        second.snapshotsCompleted(3);
        assertEquals(List.of("subscribed", "1", "2", "3", "4", "5"), subscriber.signals, "each once, one subscription");
    }

    @Test
    void aRestartedSinkKeepsWhatComesBeforeItsStart() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        DestSinkLogic first = incarnation(feeds, 0);
        subscriber.subscription.request(100);
        take(first, 1, 2);
        long epoch = snapshot(first, 1);
        first.snapshotsCompleted(1);
        take(first, 3);
        first.onStop();

        // The new incarnation is wired; a member that started first sends 3 and 4 before its Start.
        DestSinkLogic second = wired(feeds, epoch);
        take(second, 3, 4);
        second.onStart(null, () -> { });
        snapshot(second, 2);
        second.snapshotsCompleted(2);
        assertEquals(List.of("subscribed", "1", "2", "3", "4"), subscriber.signals);
    }

    @Test
    void aRestartFromASnapshotWhoseCompletionHadNotArrivedHandsItsEpochOver() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        DestSinkLogic first = incarnation(feeds, 0);
        subscriber.subscription.request(100);
        take(first, 1);
        long epoch = snapshot(first, 1);
        take(first, 2);
        first.onStop();
        incarnation(feeds, epoch);
        assertEquals(List.of("subscribed", "1"), subscriber.signals, "restarting from snapshot 1 means it is complete");
    }

    @Test
    void aRestartFromTheBeginningDropsEverythingWaiting() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        DestSinkLogic first = incarnation(feeds, 0);
        subscriber.subscription.request(100);
        take(first, 1, 2);
        snapshot(first, 1);
        first.onStop();
        DestSinkLogic second = incarnation(feeds, 0);
        assertFalse(second.holdsEnd());
        take(second, 1, 2);
        snapshot(second, 2);
        second.snapshotsCompleted(2);
        assertEquals(List.of("subscribed", "1", "2"), subscriber.signals);
    }

    @Test
    void beyondItsBufferTheOldestWaitingAreHandedOverAtOnce() {
        DestSinkLogic sink = incarnation(MemberFeeds.replaying(3, false), 0);
        subscriber.subscription.request(100);
        take(sink, 1, 2);
        snapshot(sink, 1);
        take(sink, 3, 4);
        assertEquals(List.of("subscribed", "1", "2", "3", "4"), subscriber.signals);
        assertFalse(sink.holdsEnd());
    }

    @Test
    void onceTheFlowTakesNoMoreSnapshotsEverythingGoesOutAsItComes() {
        DestSinkLogic sink = incarnation(MemberFeeds.replaying(100, false), 0);
        subscriber.subscription.request(100);
        take(sink, 1);
        sink.snapshotsStopped();
        take(sink, 2);
        assertEquals(List.of("subscribed", "1", "2"), subscriber.signals);
    }

    @Test
    void readyElementsStillWaitForDemandAndHoldTheirAcks() {
        DestSinkLogic sink = incarnation(MemberFeeds.replaying(100, false), 0);
        take(sink, 1, 2);
        snapshot(sink, 1);
        sink.snapshotsCompleted(1);
        assertTrue(sink.retainsInput(), "covered but not asked for");
        subscriber.subscription.request(1);
        sink.onWake(null);
        assertEquals(List.of("subscribed", "1"), subscriber.signals);
    }

    @Test
    void theMembersFeedOutlivesTheOperatorAndEndsTheSubscriberWhenTheMemberStops() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        incarnation(feeds, 0).onStop();
        assertEquals(List.of("subscribed"), subscriber.signals);
        feeds.close();
        assertEquals(List.of("subscribed", "error CancellationException"), subscriber.signals);
    }
}
