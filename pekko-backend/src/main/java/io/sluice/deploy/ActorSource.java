package io.sluice.deploy;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A source that actors feed, with acknowledgements: Pekko's
 * {@code ActorSource.actorRefWithBackpressure} for Sluice. The application tells elements to
 * {@link #ref()}; after each one is accepted (passed on to the flow), {@code ackTo} is told
 * {@code ackMessage}, and only then may the next element be told. Use it with
 * {@link io.sluice.dataflow.Process#sourceStream}: it is a {@link Flow.Publisher} with one
 * subscriber.
 *
 * <pre>{@code
 * ActorSource<Command> commands = ActorSource.actorRefWithBackpressure(system, producer, Ack.INSTANCE,
 *         c -> c instanceof Command.End, c -> c instanceof Command.Abort a ? Optional.of(a.reason()) : Optional.empty());
 * leader.sourceStream(commands).forEach(System.out::println);
 * // ... the producer actor tells commands.ref() an element, waits for Ack.INSTANCE, tells the next
 * }</pre>
 *
 * <p><b>Protocol.</b> An element told before the previous one was acknowledged breaks it, and
 * fails the stream (and so the flow) with a message saying so, as in Pekko: the source buffers
 * one element, the one waiting for the flow's demand. A message that {@code completionMatcher}
 * accepts ends the stream after the element waiting, if any; one for which
 * {@code failureMatcher} gives a reason fails it at once. Elements told before the flow starts
 * wait for it (the first one only, as the protocol allows one unacknowledged element). After the
 * end, or once the flow cancels (it ended or was stopped), the source's actor stops and later
 * messages go to dead letters.
 *
 * <p><b>Where it runs.</b> Its actor is a system actor of the {@link ActorSystem} given to the
 * factory (any ActorSystem of this JVM: the application's own, or a member's); it calls the
 * flow's subscriber, which only hands elements over and never blocks.
 *
 * @param <T> the element type, which is the message type of {@link #ref()}
 */
public final class ActorSource<T> implements Flow.Publisher<T> {

    private static final AtomicLong NAMES = new AtomicLong();

    private final ActorRef<Object> actor;

    private ActorSource(ActorRef<Object> actor) {
        this.actor = actor;
    }

    /**
     * A source fed through an actor ref, acknowledging each element.
     *
     * <pre>{@code
     * ActorSource<String> lines = ActorSource.actorRefWithBackpressure(system, producer, "ack",
     *         "end"::equals, line -> Optional.empty());
     * }</pre>
     *
     * @param system            the ActorSystem whose system actor the source's actor is
     * @param ackTo             who is told {@code ackMessage} after each accepted element
     * @param ackMessage        the acknowledgement
     * @param completionMatcher which messages end the stream (they are not elements)
     * @param failureMatcher    the reason, for messages that fail the stream (they are not elements)
     * @param <T>               the element type
     * @param <A>               the acknowledgement's type
     * @return a source to use with {@code sourceStream}; its {@link #ref()} takes the elements
     */
    public static <T, A> ActorSource<T> actorRefWithBackpressure(ActorSystem<?> system, ActorRef<A> ackTo, A ackMessage,
                                                                 Predicate<? super T> completionMatcher,
                                                                 Function<? super T, Optional<Throwable>> failureMatcher) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(ackTo, "ackTo");
        Objects.requireNonNull(ackMessage, "ackMessage");
        Objects.requireNonNull(completionMatcher, "completionMatcher");
        Objects.requireNonNull(failureMatcher, "failureMatcher");
        Behavior<Object> behavior = Behaviors.setup(ctx ->
                new SourceActor<>(ctx, () -> ackTo.tell(ackMessage), completionMatcher, failureMatcher));
        return new ActorSource<>(system.systemActorOf(behavior, "sluice-actor-source-" + NAMES.incrementAndGet(),
                Props.empty()));
    }

    /**
     * Where the application tells elements, one at a time after each acknowledgement, and the
     * completion or failure message.
     *
     * @return the source's actor, typed for the elements
     */
    public ActorRef<T> ref() {
        return actor.narrow();
    }

    /**
     * Subscribes the flow's operator; called by the flow when it starts. A second subscriber is
     * refused with an {@code onError}.
     *
     * @param subscriber the subscriber
     */
    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        actor.tell(new Subscribe(Objects.requireNonNull(subscriber, "subscriber")));
    }

    @Override
    public String toString() {
        return "ActorSource(" + actor.path() + ")";
    }

    /** A subscriber for the source. */
    private record Subscribe(Flow.Subscriber<?> subscriber) {
    }

    /** The subscriber's demand. */
    private record Request(long n) {
    }

    /** The subscriber cancelled. */
    private record Cancel() {
    }

    /** The source's state: its subscriber, its demand, the one element waiting for demand. */
    private static final class SourceActor<T> extends AbstractBehavior<Object> {
        private final Runnable ack;
        private final Predicate<? super T> completionMatcher;
        private final Function<? super T, Optional<Throwable>> failureMatcher;
        private Optional<Flow.Subscriber<? super T>> subscriber = Optional.empty();
        private Optional<T> waiting = Optional.empty();
        private Optional<Throwable> failure = Optional.empty();
        private boolean completing;
        private long demand;

        SourceActor(ActorContext<Object> context, Runnable ack, Predicate<? super T> completionMatcher,
                    Function<? super T, Optional<Throwable>> failureMatcher) {
            super(context);
            this.ack = ack;
            this.completionMatcher = completionMatcher;
            this.failureMatcher = failureMatcher;
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Subscribe.class, this::onSubscribe)
                    .onMessage(Request.class, this::onRequest)
                    .onMessage(Cancel.class, c -> Behaviors.stopped())
                    .onAnyMessage(this::onElement)
                    .build();
        }

        @SuppressWarnings("unchecked")
        private Behavior<Object> onSubscribe(Subscribe subscribe) {
            Flow.Subscriber<? super T> s = (Flow.Subscriber<? super T>) subscribe.subscriber();
            if (subscriber.isPresent()) {
                s.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                s.onError(new IllegalStateException(getContext().getSelf().path() + ": an ActorSource feeds one "
                        + "operator of one flow, and this one already has its subscriber; make one for each"));
                return this;
            }
            subscriber = Optional.of(s);
            ActorRef<Object> self = getContext().getSelf();
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    self.tell(new Request(n));
                }

                @Override
                public void cancel() {
                    self.tell(new Cancel());
                }
            });
            return progress();
        }

        private Behavior<Object> onRequest(Request request) {
            if (request.n() <= 0) {
                failure = Optional.of(new IllegalArgumentException("request(" + request.n() + ") on an ActorSource: "
                        + "the demand must be positive (Reactive Streams rule 3.9)"));
            } else {
                demand = demand + request.n() < 0 ? Long.MAX_VALUE : demand + request.n();
            }
            return progress();
        }

        @SuppressWarnings("unchecked")
        private Behavior<Object> onElement(Object message) {
            T element = (T) message;
            if (failure.isPresent() || completing) {
                getContext().getLog().warn("{}: dropped {}, told after the stream's end", getContext().getSelf().path(),
                        element);
                return this;
            }
            Optional<Throwable> reason = failureMatcher.apply(element);
            if (reason.isPresent()) {
                failure = reason;
            } else if (completionMatcher.test(element)) {
                completing = true;
            } else if (waiting.isPresent()) {
                failure = Optional.of(new IllegalStateException(getContext().getSelf().path() + " received " + element
                        + " before the previous element was acknowledged: an ActorSource accepts one element at a "
                        + "time; tell the next one only after ackTo got the ack message"));
            } else {
                waiting = Optional.of(element);
            }
            return progress();
        }

        /** Passes the waiting element on if there is demand, then signals the end if it is due. */
        private Behavior<Object> progress() {
            if (subscriber.isEmpty()) {
                return this;
            }
            Flow.Subscriber<? super T> s = subscriber.get();
            if (failure.isPresent()) {
                s.onError(failure.get());
                return Behaviors.stopped();
            }
            if (waiting.isPresent() && demand > 0) {
                T element = waiting.get();
                waiting = Optional.empty();
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                s.onNext(element);
                ack.run();
            }
            if (completing && waiting.isEmpty()) {
                s.onComplete();
                return Behaviors.stopped();
            }
            return this;
        }
    }
}
