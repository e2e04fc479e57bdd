package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@code sourceStream} (or {@code sourceQueue}): the subscriber of a {@link Flow.Publisher},
 * as an asynchronous pulled source. Elements arrive on the publisher's threads into a bounded
 * buffer and wake the operator, which pulls them in rounds while its outputs have credit
 * ({@link OperatorLogic#isReady()} keeps it from spinning while the buffer is empty). Demand:
 * {@link #CAPACITY} at subscription, then as many as each round took out, so what was
 * requested and not yet emitted never exceeds the buffer's capacity.
 */
final class StreamSourceLogic implements OperatorLogic, Flow.Subscriber<Object> {

    /** The buffer's capacity, and so the most the publisher may have been asked for and not emitted. */
    static final int CAPACITY = 1024;

    /** What the subscription is once the operator stopped: a late {@code onSubscribe} is cancelled. */
    private static final Flow.Subscription STOPPED = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private final Node.SourceStream node;
    private final int capacity;
    private final Queue<Object> buffer = new ConcurrentLinkedQueue<>();
    private final Wakeup wakeup = new Wakeup();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    /** Elements requested from the publisher, and received from it: the latter may never pass the former. */
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicReference<IllegalStateException> failure = new AtomicReference<>();
    private volatile boolean completed;
    private boolean exhausted;

    StreamSourceLogic(Node.SourceStream node) {
        this(node, CAPACITY);
    }

    StreamSourceLogic(Node.SourceStream node, int capacity) {
        this.node = node;
        this.capacity = capacity;
    }

    @Override
    public void onStart(Emitter out, Runnable wake) {
        wakeup.bind(wake);
        node.publisher().subscribe(this);
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
        return !buffer.isEmpty() || completed || failure.get() != null;
    }

    @Override
    public void pull(Emitter out, int max) {
        wakeup.clear();
        IllegalStateException failed = failure.get();
        if (failed != null) {
            // The operator's failure report names the operator and its call site.
            throw new IllegalStateException(failed.getMessage(), failed.getCause());
        }
        // The end is read before the buffer: once completed, every element is in the buffer.
        boolean ended = completed;
        int n = 0;
        Object element;
        while (n < max && (element = buffer.poll()) != null) {
            out.emit(element);
            n++;
        }
        out.flush();
        if (n > 0 && !ended) {
            requested.addAndGet(n);
            subscription.get().request(n);
        }
        exhausted = ended && buffer.isEmpty();
    }

    @Override
    public boolean isExhausted() {
        return exhausted;
    }

    /** A publisher that has not completed keeps the flow running: a loop fed by it is not quiescent. */
    @Override
    public boolean isQuiet() {
        return exhausted;
    }

    /** The failure of the flow cancels the subscription at once. */
    @Override
    public void onFlowFailed(String reason) {
        onStop();
    }

    @Override
    public void onStop() {
        Flow.Subscription s = subscription.getAndSet(STOPPED);
        if (s != null) {
            s.cancel();
        }
    }

    // ----- Flow.Subscriber, on the publisher's threads -----

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (!subscription.compareAndSet(null, s)) {
            // A second subscription (rule 2.5), or one after the operator stopped.
            s.cancel();
            return;
        }
        requested.addAndGet(capacity);
        s.request(capacity);
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
