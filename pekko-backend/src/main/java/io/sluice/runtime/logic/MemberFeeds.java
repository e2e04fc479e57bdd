package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.dataflow.ir.Node;
import java.util.HashMap;
import java.util.Map;

/**
 * What one member keeps across restarts of the flow, for its operators that exchange elements with
 * the application: the feeds of its run-time sources ({@link SourceFeed}: the subscription, and
 * what the source emitted since the last complete snapshot, to emit it again) and of its
 * {@code destSink}s ({@link SinkFeed}: the subscriber, and what came in since the last complete
 * snapshot, handed over only once a snapshot covers it). An external port's requests and
 * connection events are such sources, and the member also keeps the port's endpoint open across
 * restarts, so that its clients stay connected. A flow that cannot
 * restart uses {@link #NONE}: each operator then owns a feed that keeps nothing and hands
 * everything over at once, and opens and releases the endpoints it uses.
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
    /** The external ports' endpoints the member's operators use, by the port's tag. */
    private final Map<String, ExternalEndpoints.Endpoint> endpoints = new HashMap<>();

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

    /**
     * The endpoint of external port {@code binding}, opened from {@code externals} on first use
     * and kept open until the member stops ({@link #close}). Only for feeds that {@link #replays}.
     */
    synchronized ExternalEndpoints.Endpoint endpoint(ExternalBinding binding, ExternalEndpoints externals) {
        if (!replays()) {
            throw new IllegalStateException("a member that does not restart opens its ports per operator");
        }
        return endpoints.computeIfAbsent(binding.tag(), tag -> externals.open(binding));
    }

    /**
     * The member stopped: every source cancels its subscription, every sink that has not ended
     * says so, then every external port it kept open is released.
     */
    public synchronized void close() {
        try {
            sources.values().forEach(SourceFeed::cancel);
            sinks.values().forEach(SinkFeed::close);
        } finally {
            endpoints.values().forEach(ExternalEndpoints.Endpoint::release);
            sources.clear();
            sinks.clear();
            endpoints.clear();
        }
    }
}
