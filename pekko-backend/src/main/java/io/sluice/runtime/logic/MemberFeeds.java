package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import java.util.HashMap;
import java.util.Map;

/**
 * What one member keeps across restarts of the flow, for its operators that exchange elements with
 * the application: the feeds of its run-time sources ({@link SourceFeed}: the subscription, and
 * what the source emitted since the last complete snapshot, to emit it again) and of its
 * {@code destSink}s ({@link SinkFeed}: the subscriber, and what came in since the last complete
 * snapshot, handed over only once a snapshot covers it). A flow that cannot restart uses
 * {@link #NONE}: each operator then owns a feed that keeps nothing and hands everything over at
 * once.
 *
 * <pre>{@code
 * MemberFeeds feeds = MemberFeeds.replaying(1_000_000, false);   // a member of a flow with spares
 * OperatorLogic logic = OperatorLogic.of(plan, sizes, System::nanoTime, externals, feeds);
 * feeds.close();                                                  // the member stopped
 * }</pre>
 */
public final class MemberFeeds {

    /** No restarts: every source and sink gets a feed of its own, which keeps nothing. */
    public static final MemberFeeds NONE = new MemberFeeds(0, false);

    private final int capacity;
    private final boolean replacement;
    private final Map<Integer, SourceFeed> sources = new HashMap<>();
    private final Map<Integer, SinkFeed> sinks = new HashMap<>();

    private MemberFeeds(int capacity, boolean replacement) {
        this.capacity = capacity;
        this.replacement = replacement;
    }

    /**
     * Feeds that keep up to {@code capacity} elements each for a restart.
     *
     * @param replacement whether the member took over from one lost with its node (its feeds
     *                    then have nothing of what the lost one had)
     */
    public static MemberFeeds replaying(int capacity, boolean replacement) {
        if (capacity < 1) {
            throw new IllegalArgumentException("sluice.snapshots.replay-buffer must be at least 1, not " + capacity);
        }
        return new MemberFeeds(capacity, replacement);
    }

    /** Whether the feeds outlive an incarnation's operators. */
    boolean replays() {
        return capacity > 0;
    }

    /** The feed of run-time source {@code node}: the member's own, made on first use, or, with {@link #NONE}, a new one. */
    synchronized SourceFeed source(Node.SourceStream node) {
        if (!replays()) {
            return new SourceFeed(node, 0, false);
        }
        return sources.computeIfAbsent(node.id(), id -> new SourceFeed(node, capacity, replacement));
    }

    /** The feed of {@code destSink} {@code node}: the member's own, made on first use, or, with {@link #NONE}, a new one. */
    synchronized SinkFeed sink(Node.DestSink node) {
        if (!replays()) {
            return new SinkFeed(node, 0, false);
        }
        return sinks.computeIfAbsent(node.id(), id -> new SinkFeed(node, capacity, replacement));
    }

    /** The member stopped: every source cancels its subscription, every sink that has not ended says so. */
    public synchronized void close() {
        sources.values().forEach(SourceFeed::cancel);
        sinks.values().forEach(SinkFeed::close);
        sources.clear();
        sinks.clear();
    }
}
