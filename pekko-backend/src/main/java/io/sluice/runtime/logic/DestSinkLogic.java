package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;

/**
 * A {@code destSink}: hands its input to a {@code Flow.Subscriber} through its {@link SinkFeed},
 * as fast as the subscriber requests. What it has not asked for yet is held, and so are the acks
 * of the batches it came in ({@link OperatorLogic#retainsInput()}): the credit window bounds what
 * is held, and upstream backs off. In a flow that can restart, the feed is the member's, kept
 * across restarts ({@link MemberFeeds}): the subscriber stays subscribed, and gets each element
 * once a complete snapshot covers it, so exactly once across restarts. Its state in a snapshot
 * is the epoch the snapshot seals.
 */
final class DestSinkLogic implements OperatorLogic {

    private final SinkFeed feed;
    /** Whether the feed outlives this operator (the member keeps it), or is its own. */
    private final boolean shared;
    /** The epoch this incarnation's snapshot sealed (0: it starts from the beginning). */
    private long restoredEpoch;
    /** Run when the operator stops, after its feed: an external port's closing. */
    private final Runnable afterStop;

    DestSinkLogic(Node.DestSink node, MemberFeeds feeds) {
        this(node, feeds, () -> { });
    }

    /** @param afterStop run once the operator has stopped (an external port's release) */
    DestSinkLogic(Node.DestSink node, MemberFeeds feeds, Runnable afterStop) {
        this.feed = feeds.sink(node);
        this.shared = feeds.replays();
        this.afterStop = afterStop;
    }

    /** The feed is this operator's from now: input handled before the start is kept for the subscriber. */
    @Override
    public void onWired() {
        feed.claim(this, restoredEpoch);
    }

    @Override
    public void onStart(Emitter out, Runnable wake) {
        feed.start(this, wake);
    }

    @Override
    public void onBatch(int port, int sender, Object[] elements, Emitter out) {
        feed.take(this, elements);
    }

    @Override
    public void onWake(Emitter out) {
        feed.wake(this);
    }

    @Override
    public boolean retainsInput() {
        return feed.retainsInput();
    }

    @Override
    public boolean holdsEnd() {
        return feed.holdsEnd();
    }

    @Override
    public void onComplete(Emitter out) {
        feed.complete(this);
    }

    @Override
    public Object[] snapshot() {
        return new Object[] {feed.nextEpoch()};
    }

    @Override
    public void snapshotRecorded(long snapshot) {
        feed.recorded(this, snapshot);
    }

    @Override
    public void snapshotsCompleted(long snapshot) {
        feed.completed(snapshot);
    }

    @Override
    public void snapshotsStopped() {
        feed.snapshotsStopped();
    }

    @Override
    public void restore(Object[] state) {
        restoredEpoch = (Long) state[0];
    }

    /** The subscriber is told the flow's failure as it happens, as a {@code FlowFailedException}. */
    @Override
    public void onFlowFailed(String reason) {
        feed.flowFailed(reason);
    }

    /**
     * A feed of its own is ended with the operator (a {@code CancellationException} if the stream
     * had not ended); the member's outlives it, for the next incarnation.
     */
    @Override
    public void onStop() {
        try {
            if (shared) {
                feed.detach(this);
            } else {
                feed.close();
            }
        } finally {
            afterStop.run();
        }
    }
}
