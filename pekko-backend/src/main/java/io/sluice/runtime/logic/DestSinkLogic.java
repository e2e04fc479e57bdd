package io.sluice.runtime.logic;

import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.ir.Node;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code destSink}: hands its input to a {@link Flow.Subscriber} as fast as it requests. What
 * it has not asked for yet is held, and so are the acks of the batches it came in
 * ({@link OperatorLogic#retainsInput()}): the credit window bounds what is held, and upstream
 * backs off. {@code request} and {@code cancel} come from any thread and wake the operator; every
 * signal to the subscriber is made on the operator's thread, and the subscriber gets exactly one
 * terminal signal: {@code onComplete} once the input has ended and everything was passed on, or
 * {@code onError}: a {@link FlowFailedException} when the flow fails, a
 * {@link CancellationException} when the operator stops before the end for another reason.
 */
final class DestSinkLogic implements OperatorLogic, Flow.Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(DestSinkLogic.class);

    private final Node.DestSink node;
    private final Flow.Subscriber<Object> subscriber;
    /** Elements received and not passed on yet; on the operator's thread. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private final Wakeup wakeup = new Wakeup();
    /** Elements the subscriber asked for and has not got yet. */
    private final AtomicLong demand = new AtomicLong();
    /** Whether the subscriber made a non-positive request, which breaks rule 3.9, and which. */
    private volatile boolean badRequest;
    private volatile long badAmount;
    private volatile boolean cancelled;
    /** The subscriber had its terminal signal, cancelled or threw: it gets nothing more. */
    private boolean terminated;
    private boolean started;

    DestSinkLogic(Node.DestSink node) {
        this.node = node;
        this.subscriber = node.subscriber();
    }

    @Override
    public void onStart(Emitter out, Runnable wake) {
        wakeup.bind(wake);
        started = true;
        signal(() -> subscriber.onSubscribe(this));
    }

    @Override
    public void onBatch(int port, int sender, Object[] elements, Emitter out) {
        if (terminated) {
            return;
        }
        int i = 0;
        if (held.isEmpty()) {
            while (i < elements.length && !terminated && take()) {
                Object element = elements[i++];
                signal(() -> subscriber.onNext(element));
            }
        }
        if (!terminated) {
            for (; i < elements.length; i++) {
                held.add(elements[i]);
            }
        }
        afterSignals();
    }

    @Override
    public void onWake(Emitter out) {
        wakeup.clear();
        if (terminated) {
            return;
        }
        while (!held.isEmpty() && !terminated && take()) {
            Object element = held.poll();
            signal(() -> subscriber.onNext(element));
        }
        afterSignals();
    }

    @Override
    public boolean retainsInput() {
        return !held.isEmpty();
    }

    @Override
    public boolean holdsEnd() {
        return !held.isEmpty();
    }

    @Override
    public void onComplete(Emitter out) {
        if (!terminated) {
            terminated = true;
            signal(subscriber::onComplete);
        }
    }

    /** The subscriber is told the flow's failure as it happens, as a {@link FlowFailedException}. */
    @Override
    public void onFlowFailed(String reason) {
        endWith(new FlowFailedException(reason));
    }

    /** The operator stopped before the end for another reason: a {@link CancellationException}. */
    @Override
    public void onStop() {
        endWith(new CancellationException(node.origin() + ": the flow failed or was stopped before the stream ended"));
    }

    /** Signals {@code error} unless the subscriber had its end (subscribing it first if the flow never started). */
    private void endWith(Throwable error) {
        if (terminated) {
            return;
        }
        terminated = true;
        held.clear();
        try {
            if (!started) {
                // The flow never started here: rule 1.9 wants onSubscribe before onError.
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
    private boolean take() {
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

    /** After signals: handle a cancellation or a bad request the subscriber made meanwhile. */
    private void afterSignals() {
        if (terminated) {
            held.clear();
            return;
        }
        if (badRequest) {
            terminated = true;
            held.clear();
            IllegalArgumentException e = new IllegalArgumentException(node.origin() + ": the subscriber requested "
                    + badAmount + " elements; a request must be positive (Reactive Streams rule 3.9)");
            signal(() -> subscriber.onError(e));
            throw e;
        }
        if (cancelled) {
            terminated = true;
            held.clear();
            LOG.info("{}: the subscriber cancelled; the rest of the stream is dropped", node.origin());
        }
    }

    /** Calls the subscriber; one that throws (rule 2.13) is treated as gone, and the flow fails. */
    private void signal(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            terminated = true;
            held.clear();
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
