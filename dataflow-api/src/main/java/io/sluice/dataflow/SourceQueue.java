package io.sluice.dataflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded queue that an application fills at run time and a flow reads, through
 * {@link Process#sourceQueue(SourceQueue)}: Pekko's {@code Source.queue} for Sluice. Nothing
 * ever blocks: {@link #offer} answers with a {@link CompletionStage} that completes when the
 * element is taken into the queue's buffer, from which the flow's demand takes it.
 *
 * <pre>{@code
 * SourceQueue<String> lines = SourceQueue.bounded(64);
 * leader.sourceQueue(lines).map(String::length).forEach(System.out::println);
 * // ... once the flow is deployed, from any thread:
 * lines.offer("hello").toCompletableFuture().join();   // or thenRun(...), to offer the next
 * lines.complete();                                     // the stream ends after "hello"
 * }</pre>
 *
 * <p><b>Bounded memory.</b> The buffer holds at most {@code capacity} elements. While it is full,
 * an offer waits (its stage is not complete yet), and at most {@code capacity} offers may wait;
 * an offer beyond that fails at once with an {@link IllegalStateException} saying the queue is
 * full: wait for earlier offers' stages before offering more. So the queue never holds more than
 * {@code 2 * capacity} elements, whatever the producer does.
 *
 * <p><b>End.</b> {@link #complete()} ends the stream after every element offered before it
 * (buffered or waiting); {@link #fail(Throwable)} fails the flow with the cause and drops what is
 * not emitted yet. An offer after either, or after the flow that reads the queue has ended or
 * was stopped, fails its stage with an {@link IllegalStateException} saying the queue is
 * completed. Elements offered before the flow starts wait in the buffer.
 *
 * <p><b>Failover.</b> In a flow with spare nodes ({@code FlowBuilder.withSpares}), the flow keeps
 * each element it took from the queue until a complete snapshot covers it, and emits it again if
 * the flow restarts from an earlier point, so every accepted offer counts once in the flow's
 * results, and the application never offers again. This needs snapshots on, and the member that
 * reads the queue must survive: see {@code docs/guarantees.md}.
 *
 * <p><b>Which JVM.</b> A flow holds objects, not addresses: the queue read is the one of the JVM
 * that hosts the process's member (every JVM runs the same program and builds its own queue).
 * With {@code inJvm()} hosts, or a member on the application's own ActorSystem, that is the JVM
 * that offers; with members in JVMs of their own, offer in the member's JVM.
 *
 * <p>It is a {@link Flow.Publisher} with one subscriber, the flow's operator: a queue feeds one
 * operator of one flow. A second {@code sourceQueue} of it is refused when the flow is built,
 * a second subscription with an {@code onError}. Its
 * methods are thread-safe; the subscriber's signals are never concurrent.
 *
 * @param <T> the element type
 */
public final class SourceQueue<T> implements Flow.Publisher<T> {

    /** Where the queue is in its life. */
    private enum State {
        /** Offers are accepted. */
        OPEN,
        /** {@link #complete()} was called: what was offered before goes out, then the end. */
        COMPLETED,
        /** {@link #fail(Throwable)} was called, or the subscriber broke the protocol. */
        FAILED,
        /** The subscriber cancelled: the flow ended or was stopped. */
        CANCELLED
    }

    /** An offer waiting for room in the buffer. */
    private record Waiting<T>(T element, CompletableFuture<Void> accepted) {
    }

    private final int capacity;
    /** Where the flow that reads this queue took it, once one did: a queue feeds one operator. */
    private final AtomicReference<String> usedBy = new AtomicReference<>();
    private final Object lock = new Object();
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>();
    private State state = State.OPEN;
    private Throwable failure = new IllegalStateException("no failure");
    /** Whether a subscriber came; {@link #subscriber} is set once its {@code onSubscribe} returned. */
    private boolean subscribed;
    private Flow.Subscriber<? super T> subscriber;
    private long demand;
    /** A thread is signalling the subscriber: others only change the state it reads. */
    private boolean draining;
    /** The subscriber got {@code onComplete} or {@code onError}, or cancelled. */
    private boolean ended;

    private SourceQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * A queue whose buffer holds up to {@code capacity} elements, with up to {@code capacity}
     * more offers waiting for room.
     *
     * <pre>{@code
     * SourceQueue<Order> orders = SourceQueue.bounded(256);
     * }</pre>
     *
     * @param capacity the buffer's size, positive
     * @param <T>      the element type
     * @return an open queue, not yet read by a flow
     * @throws IllegalArgumentException when {@code capacity} is not positive
     */
    public static <T> SourceQueue<T> bounded(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("SourceQueue.bounded: the capacity must be positive, not " + capacity);
        }
        return new SourceQueue<>(capacity);
    }

    /**
     * Offers {@code element} to the flow. The stage completes once the element is in the buffer
     * (at once when there is room); it fails with an {@link IllegalStateException} when the
     * queue is completed, failed or its flow ended, or, at once, when {@code capacity} offers are
     * already waiting for room.
     *
     * <pre>{@code
     * queue.offer(order).thenRun(() -> System.out.println("accepted"));
     * }</pre>
     *
     * @param element the element, not null
     * @return a stage that completes when the element is accepted
     * @throws NullPointerException when {@code element} is null
     */
    public CompletionStage<Void> offer(T element) {
        Objects.requireNonNull(element, "element");
        synchronized (lock) {
            if (state != State.OPEN) {
                return CompletableFuture.failedFuture(completed());
            }
            if (buffer.size() < capacity && waiting.isEmpty()) {
                buffer.add(element);
            } else if (waiting.size() < capacity) {
                CompletableFuture<Void> accepted = new CompletableFuture<>();
                waiting.add(new Waiting<>(element, accepted));
                return accepted;
            } else {
                return CompletableFuture.failedFuture(new IllegalStateException("the source queue is full: its "
                        + capacity + " buffered elements and " + capacity + " waiting offers are all taken; wait for "
                        + "earlier offers' CompletionStages to complete before offering more"));
            }
        }
        drain();
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Ends the stream once every element offered so far has been emitted. Later offers fail.
     * Does nothing when the queue is already completed or failed.
     *
     * <pre>{@code
     * queue.complete();
     * }</pre>
     */
    public void complete() {
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            state = State.COMPLETED;
        }
        drain();
    }

    /**
     * Fails the flow that reads the queue with {@code cause}; elements not emitted yet are
     * dropped and waiting offers fail. Does nothing once the stream has ended.
     *
     * <pre>{@code
     * queue.fail(new IOException("the upstream connection was lost"));
     * }</pre>
     *
     * @param cause why, not null
     * @throws NullPointerException when {@code cause} is null
     */
    public void fail(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        List<Waiting<T>> dropped;
        synchronized (lock) {
            if (state == State.FAILED || state == State.CANCELLED || ended) {
                return;
            }
            state = State.FAILED;
            failure = cause;
            dropped = clear();
        }
        failAll(dropped);
        drain();
    }

    /**
     * Subscribes the flow's operator; called by the flow when it starts. A second subscriber is
     * refused with an {@code onError}.
     *
     * @param s the subscriber
     */
    @Override
    public void subscribe(Flow.Subscriber<? super T> s) {
        Objects.requireNonNull(s, "subscriber");
        boolean first;
        synchronized (lock) {
            first = !subscribed;
            subscribed = true;
        }
        if (!first) {
            s.onSubscribe(new Refused());
            s.onError(new IllegalStateException("this SourceQueue is already read by another operator: a "
                    + "queue feeds one operator of one flow; make one SourceQueue for each"));
            return;
        }
        s.onSubscribe(new QueueSubscription());
        synchronized (lock) {
            // Signals go out only from now on: onSubscribe comes first (rule 1.9).
            subscriber = s;
        }
        drain();
    }

    /**
     * Records that the operator at {@code where} reads this queue.
     *
     * @throws IllegalStateException when another operator already does
     */
    void claim(String where) {
        String before = usedBy.compareAndExchange(null, where);
        if (before != null) {
            throw new IllegalStateException(where + ": this SourceQueue already feeds " + before + "; a queue feeds "
                    + "one operator of one flow: make one SourceQueue for each");
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "SourceQueue(capacity " + capacity + ", " + state.name().toLowerCase(java.util.Locale.ROOT) + ", "
                    + buffer.size() + " buffered, " + waiting.size() + " waiting)";
        }
    }

    private IllegalStateException completed() {
        String why = switch (state) {
            case COMPLETED -> "complete() was called";
            case FAILED -> "it failed: " + failure;
            case CANCELLED -> "the flow that read it has ended or was stopped";
            case OPEN -> "it is open";
        };
        return new IllegalStateException("the source queue is completed (" + why + "): it accepts no more offers");
    }

    /** Empties the buffer and the waiting offers; returns the latter, to fail outside the lock. */
    private List<Waiting<T>> clear() {
        buffer.clear();
        List<Waiting<T>> dropped = new ArrayList<>(waiting);
        waiting.clear();
        return dropped;
    }

    private void failAll(List<Waiting<T>> dropped) {
        if (dropped.isEmpty()) {
            return;
        }
        IllegalStateException why;
        synchronized (lock) {
            why = completed();
        }
        dropped.forEach(w -> w.accepted().completeExceptionally(why));
    }

    /**
     * Signals the subscriber what the state allows (elements while there is demand, then the
     * end), one thread at a time; a call while another thread (or a reentrant call from a
     * signal) drains leaves the work to it. Offers that got room are completed outside the lock.
     */
    private void drain() {
        synchronized (lock) {
            if (draining) {
                return;
            }
            draining = true;
        }
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        boolean done = false;
        try {
            while (!done) {
                Flow.Subscriber<? super T> s;
                T next = null;
                Throwable error = null;
                synchronized (lock) {
                    s = subscriber;
                    if (s == null || ended) {
                        draining = false;
                        done = true;
                        continue;
                    }
                    if (state == State.FAILED) {
                        ended = true;
                        error = failure;
                    } else if (demand > 0 && !buffer.isEmpty()) {
                        next = buffer.poll();
                        demand--;
                        Waiting<T> w = waiting.poll();
                        if (w != null) {
                            buffer.add(w.element());
                            accepted.add(w.accepted());
                        }
                    } else if (buffer.isEmpty() && state == State.COMPLETED) {
                        ended = true;
                    } else {
                        draining = false;
                        done = true;
                        continue;
                    }
                }
                if (next != null) {
                    s.onNext(next);
                } else if (error != null) {
                    s.onError(error);
                } else {
                    s.onComplete();
                }
            }
        } finally {
            if (!done) {
                // A signal threw: let the next call drain again.
                synchronized (lock) {
                    draining = false;
                }
            }
            accepted.forEach(f -> f.complete(null));
        }
    }

    /** The one subscriber's subscription. */
    private final class QueueSubscription implements Flow.Subscription {
        @Override
        public void request(long n) {
            List<Waiting<T>> dropped = List.of();
            synchronized (lock) {
                if (ended) {
                    return;
                }
                if (n <= 0) {
                    state = State.FAILED;
                    failure = new IllegalArgumentException("request(" + n + ") on a SourceQueue: the demand must be "
                            + "positive (Reactive Streams rule 3.9)");
                    dropped = clear();
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
            }
            failAll(dropped);
            drain();
        }

        @Override
        public void cancel() {
            List<Waiting<T>> dropped;
            synchronized (lock) {
                if (state != State.FAILED) {
                    state = State.CANCELLED;
                }
                ended = true;
                dropped = clear();
            }
            failAll(dropped);
        }
    }

    /** The subscription a refused second subscriber gets: it does nothing. */
    private static final class Refused implements Flow.Subscription {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }
}
