package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run-time source ({@code sourceStream}, {@code sourceQueue}, {@code ActorSource}) reads:
 * the subscription to its publisher, and, in a flow that can restart, a replay buffer of what it
 * emitted since the last complete snapshot.
 *
 * <p>Elements arrive on the publisher's threads into a bounded buffer. Demand: {@link #DEMAND}
 * at subscription, then as many as each round took out, so what was requested and not yet
 * emitted never exceeds the buffer.
 *
 * <p>Replay: a feed kept by its member across restarts of the flow ({@link MemberFeeds}) outlives
 * the operators of one incarnation. It numbers the elements it emits (positions); a snapshot
 * records the position, and once a snapshot is complete the elements before its position are
 * dropped, since no restart goes back before it. A restart {@linkplain #attach attaches} the new
 * incarnation's operator at the position its snapshot recorded (0 without one): the elements
 * from there on are emitted again, in order, before new ones. The buffer holds at most
 * {@code capacity} elements: when it is full the feed takes no new element (the publisher is
 * held back by demand) until a snapshot completes, unless the flow takes no more snapshots,
 * when it drops what it kept and a restart can no longer replay it (it then fails, saying so).
 *
 * <p>Calls from the operator's thread are synchronized: the operator of a stopped incarnation may
 * still be finishing a call when the next one attaches, and is ignored from then on.
 */
final class SourceFeed implements Flow.Subscriber<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(SourceFeed.class);

    /** What the subscriber buffers at most, and so the most the publisher may have been asked for and not emitted. */
    static final int DEMAND = 1024;

    /** What the subscription is once the feed was cancelled: a late {@code onSubscribe} is cancelled. */
    private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private final Node.SourceStream node;
    private final int capacity;
    /** Whether this feed is new on a node that took over a lost member: what the lost one emitted is gone. */
    private final boolean replacement;

    // ----- the subscription: written on the publisher's threads -----
    private final Queue<Object> buffer = new ConcurrentLinkedQueue<>();
    private final Wakeup wakeup = new Wakeup();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    /** Elements requested from the publisher, and received from it: the latter may never pass the former. */
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicReference<IllegalStateException> failure = new AtomicReference<>();
    private volatile boolean completed;

    // ----- the replay buffer and positions: the operator's thread, under this feed's lock -----
    /** The operator of the current incarnation; calls from any other are ignored. */
    private Object owner;
    private boolean subscribed;
    /** Elements kept for replay, a ring: position {@code kept} is at {@code ring[head]}. */
    private Object[] ring = new Object[0];
    private int head;
    private int size;
    /** The position of the first element kept (every element before it was dropped). */
    private long kept;
    /** The position of the next element to emit. */
    private long position;
    /** The position each snapshot recorded, by snapshot, until a later one completes. */
    private final TreeMap<Long, Long> recorded = new TreeMap<>();
    /** The flow takes no more snapshots: a full buffer is dropped instead of holding the source back. */
    private boolean snapshotsStopped;
    /** Whether the buffer was dropped: no restart can go back before {@link #kept}. */
    private boolean dropped;
    private boolean heldBackLogged;

    /**
     * @param capacity    the most elements kept for replay; 0 keeps none (a flow that never restarts)
     * @param replacement whether the feed's member took over from one lost with its node
     */
    SourceFeed(Node.SourceStream node, int capacity, boolean replacement) {
        this.node = node;
        this.capacity = capacity;
        this.replacement = replacement;
        this.dropped = capacity == 0;
    }

    /**
     * Makes {@code operator} the one this feed emits to, from position {@code from}: the first
     * time, subscribes to the publisher; after a restart, emits again what it had emitted from
     * there on.
     *
     * @throws IllegalStateException when the elements from {@code from} on were not kept
     */
    synchronized void attach(Object operator, long from, Runnable wake) {
        owner = operator;
        if (!subscribed && replacement) {
            // A new node took over: the lost node's publisher, and what it had handed over, are gone.
            LOG.warn("{}: restarted on a new node, from position {}: the elements the lost node's publisher had handed"
                    + " to the flow after that are gone with that node; this node's publisher is subscribed afresh",
                    node.origin(), from);
            kept = from;
            position = from;
        } else if (from != position) {
            if (from < kept || from > kept + size) {
                throw new IllegalStateException("it cannot replay its elements from position " + from + ": it kept only "
                        + (size == 0 ? "none" : "positions " + kept + " to " + (kept + size - 1)) + (dropped && capacity > 0
                        ? ", having dropped its replay buffer when the flow stopped taking snapshots" : ""));
            }
            position = from;
        }
        wakeup.bind(wake);
        if (!subscribed) {
            subscribed = true;
            node.publisher().subscribe(this);
        }
    }

    /** The operator stopped: it is no longer the one emitted to. */
    synchronized void detach(Object operator) {
        if (owner == operator) {
            owner = null;
        }
    }

    /** Whether {@code operator} has something to emit now (or a failure or the end to report). */
    synchronized boolean isReady(Object operator) {
        return operator == owner && (position < kept + size || !buffer.isEmpty() && hasRoom()
                || completed || failure.get() != null);
    }

    /** Whether every element was emitted and the publisher completed. */
    synchronized boolean isExhausted(Object operator) {
        return operator == owner && completed && buffer.isEmpty() && position == kept + size;
    }

    /**
     * Emits up to {@code max} elements to {@code out}: first those to replay, then new ones while
     * the replay buffer has room.
     *
     * @throws IllegalStateException when the publisher failed or broke the protocol
     */
    synchronized void pull(Object operator, Emitter out, int max) {
        if (operator != owner) {
            return;
        }
        wakeup.clear();
        IllegalStateException failed = failure.get();
        if (failed != null) {
            // The operator's failure report names the operator and its call site.
            throw new IllegalStateException(failed.getMessage(), failed.getCause());
        }
        int n = 0;
        for (long end = kept + size; n < max && position < end; n++) {
            out.emit(ring[index(position++)]);
        }
        // The end is read before the buffer: once completed, every element is in the buffer.
        boolean ended = completed;
        int fresh = 0;
        Object element;
        while (n < max && hasRoom() && (element = buffer.poll()) != null) {
            keep(element);
            out.emit(element);
            n++;
            fresh++;
        }
        out.flush();
        if (fresh > 0 && !ended) {
            requested.addAndGet(fresh);
            subscription.get().request(fresh);
        }
        if (!buffer.isEmpty() && !hasRoom() && !heldBackLogged) {
            heldBackLogged = true;
            LOG.info("{}: its replay buffer holds {} elements (sluice.snapshots.replay-buffer), the most it may; it takes"
                    + " no new element until a snapshot completes", node.origin(), capacity);
        }
    }

    /** The position a snapshot records: where a restart from it goes on. */
    synchronized long position() {
        return position;
    }

    /** Snapshot {@code snapshot} recorded the current position. */
    synchronized void recorded(Object operator, long snapshot) {
        if (operator == owner && !dropped) {
            recorded.put(snapshot, position);
        }
    }

    /**
     * Every snapshot up to {@code snapshot} is complete, so no restart goes back before it: drops
     * what it kept before the position that snapshot recorded.
     */
    synchronized void completed(long snapshot) {
        Long at = recorded.get(snapshot);
        recorded.headMap(snapshot, true).clear();
        if (at == null || dropped || at <= kept) {
            return;
        }
        int drop = (int) Math.min(at - kept, size);
        for (int i = 0; i < drop; i++) {
            ring[head] = null;
            head = head + 1 == ring.length ? 0 : head + 1;
        }
        size -= drop;
        kept += drop;
        heldBackLogged = false;
    }

    /** The flow takes no more snapshots: a full buffer no longer holds the source back. */
    synchronized void snapshotsStopped() {
        snapshotsStopped = true;
        if (!buffer.isEmpty()) {
            wakeup.signal();
        }
    }

    /** Cancels the subscription: the flow failed, or the feed's member stopped. */
    void cancel() {
        Flow.Subscription s = subscription.getAndSet(CANCELLED);
        if (s != null) {
            s.cancel();
        }
    }

    /** Whether a new element may be taken: the buffer keeps none, has room, or may be dropped. */
    private boolean hasRoom() {
        return dropped || size < capacity || snapshotsStopped;
    }

    private void dropBuffer() {
        ring = new Object[0];
        head = 0;
        size = 0;
        kept = position;
        dropped = true;
        recorded.clear();
    }

    private void keep(Object element) {
        if (!dropped && size == capacity) {
            LOG.warn("{}: its replay buffer is full ({} elements, sluice.snapshots.replay-buffer) and the flow takes no"
                    + " more snapshots: it drops what it kept, and a restart from before position {} will fail the flow",
                    node.origin(), capacity, position);
            dropBuffer();
        }
        if (dropped) {
            kept = position + 1;
        } else {
            if (size == ring.length) {
                grow();
            }
            ring[index(kept + size)] = element;
            size++;
        }
        position++;
    }

    private int index(long at) {
        int i = head + (int) (at - kept);
        return i >= ring.length ? i - ring.length : i;
    }

    /** Doubles the ring, up to {@code capacity}, putting its elements back in order from index 0. */
    private void grow() {
        Object[] larger = new Object[Math.min(capacity, Math.max(64, ring.length * 2))];
        for (int i = 0; i < size; i++) {
            larger[i] = ring[index(kept + i)];
        }
        ring = larger;
        head = 0;
    }

    // ----- Flow.Subscriber, on the publisher's threads -----

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (!subscription.compareAndSet(null, s)) {
            // A second subscription (rule 2.5), or one after the feed was cancelled.
            s.cancel();
            return;
        }
        requested.addAndGet(DEMAND);
        s.request(DEMAND);
    }

    @Override
    public void onNext(Object item) {
        if (item == null) {
            fail("the publisher " + node.publisher() + " published null (Reactive Streams rule 2.13); streams "
                    + "carry no nulls", null);
        } else if (received.incrementAndGet() > requested.get()) {
            fail("the publisher " + node.publisher() + " sent more elements than were requested (" + requested.get()
                    + "), which breaks Reactive Streams rule 1.1", null);
        } else {
            buffer.add(item);
            wakeup.signal();
        }
    }

    @Override
    public void onError(Throwable t) {
        fail("the publisher failed: " + t, t);
    }

    @Override
    public void onComplete() {
        completed = true;
        wakeup.signal();
    }

    /** Records why the stream failed (the first reason wins): the next pull fails the operator. */
    private void fail(String message, Throwable cause) {
        if (failure.compareAndSet(null, new IllegalStateException(message, cause))) {
            Flow.Subscription s = subscription.get();
            if (s != null && cause == null) {
                s.cancel();
            }
        }
        wakeup.signal();
    }
}
