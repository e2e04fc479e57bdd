package io.sluice.runtime.logic;

import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.ir.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@code destSink} hands to its {@link Flow.Subscriber}: the subscription (demand,
 * cancellation), what is ready and not asked for yet, and, in a flow that can restart, what came
 * in since the last complete snapshot.
 *
 * <p>Delivery: a ready element goes to the subscriber as soon as it has asked for one. Every
 * signal is made on the operator's thread, and the subscriber gets exactly one terminal signal:
 * {@code onComplete} once the input has ended and everything was handed over, or
 * {@code onError}: a {@link FlowFailedException} when the flow fails, a
 * {@link CancellationException} when the sink stops before the end for another reason.
 *
 * <p>Exactly once across restarts: in a flow that can restart (a feed kept by its member,
 * {@link MemberFeeds}), what comes in is held until a complete snapshot covers it, in the manner
 * of Flink's two-phase-commit sinks. A snapshot seals what came before its barrier as one epoch;
 * once the snapshot is complete, its epoch and those before it become ready. A restart from a
 * snapshot makes its epochs ready (they are covered) and drops the rest, which the restarted flow
 * sends again; so the subscriber, which stays subscribed, gets every element once. The cost is
 * latency: an element waits for the next snapshot to complete (the interval, plus the time the
 * snapshot takes), and the end of the input waits for one more. At most {@code capacity} elements
 * wait: beyond that the oldest are handed over at once, with a WARN, and may be handed again if
 * the flow restarts before a snapshot covers them; likewise everything waiting once the flow
 * takes no more snapshots.
 */
final class SinkFeed implements Flow.Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(SinkFeed.class);

    /** What a snapshot sealed: the elements that came in before its barrier and after the last. */
    private record Epoch(long number, List<Object> elements) {
    }

    private final Node.DestSink node;
    private final Flow.Subscriber<Object> subscriber;
    /** The most elements waiting for a snapshot; 0 for a feed that holds nothing back. */
    private final int capacity;
    private final boolean replacement;
    private final Wakeup wakeup = new Wakeup();

    // ----- the subscription: from any thread -----
    /** Elements the subscriber asked for and has not got yet. */
    private final AtomicLong demand = new AtomicLong();
    /** Whether the subscriber made a non-positive request, which breaks rule 3.9, and which. */
    private volatile boolean badRequest;
    private volatile long badAmount;
    private volatile boolean cancelled;

    // ----- the rest: the operator's thread, under this feed's lock -----
    private Object owner;
    /** The subscriber had its terminal signal, cancelled or threw: it gets nothing more. */
    private boolean terminated;
    private boolean started;
    /** Ready elements the subscriber has not asked for yet. */
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    /** What came in since the last barrier, and the epochs sealed and not covered by a complete snapshot yet. */
    private List<Object> open = new ArrayList<>();
    private final ArrayDeque<Epoch> sealed = new ArrayDeque<>();
    private int waiting;
    /** The number of the last epoch sealed. */
    private long epochs;
    /** The epoch each snapshot sealed, by snapshot, until a later one completes. */
    private final TreeMap<Long, Long> recorded = new TreeMap<>();
    /** Whether incoming elements wait for a snapshot: a restartable flow that still takes snapshots. */
    private boolean holdsBack;
    private boolean overflowLogged;

    /**
     * @param capacity    the most elements waiting for a snapshot; 0 hands everything over at once
     *                    (a flow that never restarts)
     * @param replacement whether the feed's member took over from one lost with its node
     */
    @SuppressWarnings("unchecked")
    SinkFeed(Node.DestSink node, int capacity, boolean replacement) {
        this.node = node;
        this.subscriber = (Flow.Subscriber<Object>) node.subscriber();
        this.capacity = capacity;
        this.replacement = replacement;
        this.holdsBack = capacity > 0;
    }

    /**
     * Makes {@code operator} the one this feed serves, from the time it is wired: what it takes
     * before it starts (from members that started first) is kept. A restart from the snapshot
     * that sealed epoch {@code restoredEpoch} makes the epochs up to it ready and drops what came
     * after (the restarted flow sends it again); {@code restoredEpoch} is 0 for a start, or a
     * restart, from the beginning.
     */
    synchronized void claim(Object operator, long restoredEpoch) {
        owner = operator;
        if (holdsBack) {
            while (!sealed.isEmpty() && sealed.peekFirst().number() <= restoredEpoch) {
                release(sealed.pollFirst().elements());
            }
            sealed.clear();
            open = new ArrayList<>();
            waiting = 0;
            epochs = Math.max(epochs, restoredEpoch);
            recorded.values().removeIf(epoch -> epoch > restoredEpoch);
        }
    }

    /**
     * The operator that {@linkplain #claim claimed} the feed started: the subscriber is subscribed
     * the first time, and gets what is ready as it asks; {@code wake} wakes the operator when it
     * does.
     */
    synchronized void start(Object operator, Runnable wake) {
        if (operator != owner) {
            return;
        }
        wakeup.bind(wake);
        if (!started && replacement) {
            LOG.warn("{}: restarted on a new node: what the lost node's subscriber had not taken is gone with that node;"
                    + " this node's subscriber is subscribed afresh", node.origin());
        }
        if (!started) {
            started = true;
            signal(() -> subscriber.onSubscribe(this));
        }
        deliver();
    }

    /** The operator stopped: it is no longer the one served. */
    synchronized void detach(Object operator) {
        if (owner == operator) {
            owner = null;
        }
    }

    /** Elements came in: handed over as the subscriber asks, once a snapshot covers them if the feed holds back. */
    synchronized void take(Object operator, Object[] elements) {
        if (operator != owner || terminated) {
            return;
        }
        if (holdsBack) {
            for (Object e : elements) {
                open.add(e);
            }
            waiting += elements.length;
            if (waiting > capacity) {
                overflow();
            }
        } else {
            for (Object e : elements) {
                ready.add(e);
            }
        }
        deliver();
    }

    /** The subscriber asked for more, or cancelled: hands over what it may. */
    synchronized void wake(Object operator) {
        if (operator != owner) {
            return;
        }
        wakeup.clear();
        deliver();
    }

    /** The epoch the next snapshot seals: the state a snapshot records. */
    synchronized long nextEpoch() {
        return epochs + 1;
    }

    /** Snapshot {@code snapshot} recorded this sink: what came in since the last barrier is sealed. */
    synchronized void recorded(Object operator, long snapshot) {
        if (operator != owner || !holdsBack) {
            return;
        }
        epochs++;
        sealed.addLast(new Epoch(epochs, open));
        open = new ArrayList<>();
        recorded.put(snapshot, epochs);
    }

    /** Snapshot {@code snapshot} is complete: its epoch and those before it are ready. */
    synchronized void completed(long snapshot) {
        Long epoch = recorded.get(snapshot);
        recorded.headMap(snapshot, true).clear();
        if (epoch == null) {
            return;
        }
        while (!sealed.isEmpty() && sealed.peekFirst().number() <= epoch) {
            Epoch e = sealed.pollFirst();
            waiting -= e.elements().size();
            release(e.elements());
        }
        deliver();
    }

    /** The flow takes no more snapshots: what waits is handed over now, and from now on what comes in. */
    synchronized void snapshotsStopped() {
        if (!holdsBack) {
            return;
        }
        holdsBack = false;
        if (waiting > 0) {
            LOG.warn("{}: the flow takes no more snapshots, so the {} element(s) waiting for one are handed over now,"
                    + " and from now on every element as it comes: a restart may hand some of them again",
                    node.origin(), waiting);
        }
        releaseWaiting();
        deliver();
    }

    /** Whether elements wait for demand: their batches' acks are held, and upstream backs off. */
    synchronized boolean retainsInput() {
        return !ready.isEmpty();
    }

    /** Whether anything was not handed over yet: the end waits for it (and for the snapshot that covers it). */
    synchronized boolean holdsEnd() {
        return !ready.isEmpty() || waiting > 0;
    }

    /** The input ended and everything was handed over. */
    synchronized void complete(Object operator) {
        if (operator == owner && !terminated) {
            terminated = true;
            signal(subscriber::onComplete);
        }
    }

    /** The flow failed: the subscriber is told, as a {@link FlowFailedException}. */
    synchronized void flowFailed(String reason) {
        endWith(new FlowFailedException(reason));
    }

    /** The sink stopped before the end for another reason (or its member stopped): a {@link CancellationException}. */
    synchronized void close() {
        endWith(new CancellationException(node.origin() + ": the flow failed or was stopped before the stream ended"));
    }

    private void overflow() {
        if (!overflowLogged) {
            overflowLogged = true;
            LOG.warn("{}: more than {} elements (sluice.snapshots.replay-buffer) wait for a snapshot to complete; the"
                    + " oldest are handed over now, and a restart before a snapshot covers them may hand them again",
                    node.origin(), capacity);
        }
        releaseWaiting();
    }

    private void releaseWaiting() {
        while (!sealed.isEmpty()) {
            release(sealed.pollFirst().elements());
        }
        release(open);
        open = new ArrayList<>();
        waiting = 0;
    }

    private void release(List<Object> elements) {
        if (!terminated) {
            ready.addAll(elements);
        }
    }

    /** Hands ready elements over while the subscriber asks, then handles what it did meanwhile. */
    private void deliver() {
        while (!ready.isEmpty() && !terminated && takeDemand()) {
            Object element = ready.poll();
            signal(() -> subscriber.onNext(element));
        }
        if (terminated) {
            ready.clear();
            return;
        }
        if (badRequest) {
            terminated = true;
            ready.clear();
            IllegalArgumentException e = new IllegalArgumentException(node.origin() + ": the subscriber requested "
                    + badAmount + " elements; a request must be positive (Reactive Streams rule 3.9)");
            signal(() -> subscriber.onError(e));
            throw e;
        }
        if (cancelled) {
            terminated = true;
            ready.clear();
            LOG.info("{}: the subscriber cancelled; the rest of the stream is dropped", node.origin());
        }
    }

    /** Signals {@code error} unless the subscriber had its end (subscribing it first if the flow never started). */
    private void endWith(Throwable error) {
        if (terminated) {
            return;
        }
        terminated = true;
        ready.clear();
        try {
            if (!started) {
                // The flow never started here: rule 1.9 wants onSubscribe before onError.
                started = true;
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
            }
            subscriber.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("{}: the subscriber's onError threw", node.origin(), e);
        }
    }

    /** Takes one element of demand; whether there was any. */
    private boolean takeDemand() {
        if (cancelled || badRequest) {
            return false;
        }
        long d;
        do {
            d = demand.get();
            if (d <= 0) {
                return false;
            }
        } while (!demand.compareAndSet(d, d == Long.MAX_VALUE ? d : d - 1));
        return true;
    }

    /** Calls the subscriber; one that throws (rule 2.13) is treated as gone, and the flow fails. */
    private void signal(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            terminated = true;
            ready.clear();
            throw new IllegalStateException(node.origin() + ": the subscriber threw, which breaks Reactive Streams "
                    + "rule 2.13: " + e, e);
        }
    }

    // ----- Flow.Subscription, from any thread -----

    @Override
    public void request(long n) {
        if (n <= 0) {
            badAmount = n;
            badRequest = true;
        } else {
            demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
        }
        wakeup.signal();
    }

    @Override
    public void cancel() {
        cancelled = true;
        wakeup.signal();
    }
}
