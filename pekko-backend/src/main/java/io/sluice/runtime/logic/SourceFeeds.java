package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import java.util.HashMap;
import java.util.Map;

/**
 * The feeds of one member's run-time sources, kept by the member across restarts of the flow, so
 * that a restarted source keeps its subscription and emits again what it had emitted since the
 * snapshot the flow restarts from (see {@link SourceFeed}). A flow that cannot restart uses
 * {@link #NONE}: each source then owns a feed that keeps nothing.
 *
 * <pre>{@code
 * SourceFeeds feeds = SourceFeeds.replaying(100_000, false);   // a member of a flow with spares
 * OperatorLogic logic = OperatorLogic.of(plan, sizes, System::nanoTime, externals, feeds);
 * feeds.close();                                                // the member stopped
 * }</pre>
 */
public final class SourceFeeds {

    /** No replay: every source gets a feed of its own, which keeps nothing. */
    public static final SourceFeeds NONE = new SourceFeeds(0, false);

    private final int capacity;
    private final boolean replacement;
    private final Map<Integer, SourceFeed> feeds = new HashMap<>();

    private SourceFeeds(int capacity, boolean replacement) {
        this.capacity = capacity;
        this.replacement = replacement;
    }

    /**
     * Feeds that keep up to {@code capacity} elements each for replay.
     *
     * @param replacement whether the member took over from one lost with its node (its sources
     *                    then have nothing of what the lost one emitted)
     */
    public static SourceFeeds replaying(int capacity, boolean replacement) {
        if (capacity < 1) {
            throw new IllegalArgumentException("sluice.snapshots.replay-buffer must be at least 1, not " + capacity);
        }
        return new SourceFeeds(capacity, replacement);
    }

    /** Whether the feeds outlive an incarnation's operators. */
    boolean replays() {
        return capacity > 0;
    }

    /** The feed of {@code node}: the member's own, made on first use, or, with {@link #NONE}, a new one. */
    synchronized SourceFeed of(Node.SourceStream node) {
        if (!replays()) {
            return new SourceFeed(node, SourceFeed.DEMAND, 0, false);
        }
        return feeds.computeIfAbsent(node.id(), id -> new SourceFeed(node, SourceFeed.DEMAND, capacity, replacement));
    }

    /** The member stopped: every feed cancels its subscription. */
    public synchronized void close() {
        feeds.values().forEach(SourceFeed::cancel);
        feeds.clear();
    }
}
