package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;

/**
 * A {@code sourceStream} (or {@code sourceQueue}, {@code ActorSource}): an asynchronous pulled
 * source that emits what its {@link SourceFeed} received from the publisher, in rounds while its
 * outputs have credit ({@link OperatorLogic#isReady()} keeps it from spinning while the feed has
 * nothing). Its state in a snapshot is its feed's position; in a flow that can restart, the feed
 * is the member's, kept across restarts ({@link MemberFeeds}), and a restarted source emits again
 * what it had emitted after that position.
 */
final class StreamSourceLogic implements OperatorLogic {

    private final Node.SourceStream node;
    private final SourceFeed feed;
    /** Whether the feed outlives this operator (the member keeps it), or is its own. */
    private final boolean shared;
    /** Where this incarnation starts: the position its snapshot recorded, or 0. */
    private long from;
    /** Run when the operator stops, after its feed: an external port's closing. */
    private final Runnable afterStop;

    StreamSourceLogic(Node.SourceStream node, MemberFeeds feeds) {
        this(node, feeds, () -> { });
    }

    /** @param afterStop run once the operator has stopped (an external port's release) */
    StreamSourceLogic(Node.SourceStream node, MemberFeeds feeds, Runnable afterStop) {
        this.node = node;
        this.feed = feeds.source(node);
        this.shared = feeds.replays();
        this.afterStop = afterStop;
    }

    @Override
    public void onStart(Emitter out, Runnable wake) {
        feed.attach(this, from, wake);
    }

    @Override
    public void onBatch(int port, int sender, Object[] elements, Emitter out) {
        throw new IllegalStateException("a " + node.origin().operator() + " has no inputs");
    }

    @Override
    public boolean isPulled() {
        return true;
    }

    @Override
    public boolean isReady() {
        return feed.isReady(this);
    }

    @Override
    public void pull(Emitter out, int max) {
        feed.pull(this, out, max);
    }

    @Override
    public boolean isExhausted() {
        return feed.isExhausted(this);
    }

    /** A publisher that has not completed keeps the flow running: a loop fed by it is not quiescent. */
    @Override
    public boolean isQuiet() {
        return isExhausted();
    }

    @Override
    public Object[] snapshot() {
        return new Object[] {feed.position()};
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
        from = (Long) state[0];
    }

    /** The failure of the flow cancels the subscription at once. */
    @Override
    public void onFlowFailed(String reason) {
        feed.cancel();
    }

    /** A feed of its own is cancelled with the operator; the member's outlives it, for the next incarnation. */
    @Override
    public void onStop() {
        try {
            if (shared) {
                feed.detach(this);
            } else {
                feed.cancel();
            }
        } finally {
            afterStop.run();
        }
    }
}
