package io.sluice.deploy;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Subscribers that deliver a flow's output to an actor, for
 * {@link io.sluice.dataflow.ProcessStream#destSink}: Pekko's {@code ActorSink} for Sluice.
 *
 * <pre>{@code
 * ActorRef<Event> listener = ...;   // an application actor
 * leader.sourceQueue(input).map(Event::of)
 *       .destSink(ActorSink.actorRef(listener, Event.END, failure -> Event.failed(failure)));
 * }</pre>
 */
public final class ActorSink {

    private ActorSink() {
    }

    /**
     * A subscriber that tells every element to {@code ref}, then exactly one of
     * {@code onComplete} (the stream ended) or {@code onFailure} of the reason (the flow failed: a
     * {@link io.sluice.dataflow.FlowFailedException}; it was stopped first: a
     * {@link java.util.concurrent.CancellationException}). As Pekko's
     * {@code ActorSink.actorRef}, it has no backpressure: it requests everything, and a slow
     * actor's mailbox grows; use {@code destSink} with a subscriber of your own that requests
     * as the actor acknowledges when that matters. It may be subscribed once.
     *
     * <pre>{@code
     * stream.destSink(ActorSink.actorRef(ref, "done", failure -> "failed: " + failure.getMessage()));
     * }</pre>
     *
     * @param ref        the actor that gets every element, then the end
     * @param onComplete what {@code ref} is told when the stream ends
     * @param onFailure  what {@code ref} is told when the stream fails, from the reason; not null
     * @param <M>        the actor's message type, which the elements are
     * @return a subscriber for one {@code destSink}
     */
    public static <M> Flow.Subscriber<M> actorRef(ActorRef<M> ref, M onComplete,
                                                  Function<Throwable, ? extends M> onFailure) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(onComplete, "onComplete");
        Objects.requireNonNull(onFailure, "onFailure");
        return new Telling<>(ref, onComplete, onFailure);
    }

    /** Tells the actor every element, then one end. */
    private static final class Telling<M> implements Flow.Subscriber<M> {
        private final ActorRef<M> ref;
        private final M onComplete;
        private final Function<Throwable, ? extends M> onFailure;
        private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        private final AtomicBoolean ended = new AtomicBoolean();

        Telling(ActorRef<M> ref, M onComplete, Function<Throwable, ? extends M> onFailure) {
            this.ref = ref;
            this.onComplete = onComplete;
            this.onFailure = onFailure;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            if (!subscription.compareAndSet(null, s)) {
                s.cancel();
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(M item) {
            if (!ended.get()) {
                ref.tell(item);
            }
        }

        @Override
        public void onError(Throwable t) {
            if (ended.compareAndSet(false, true)) {
                ref.tell(Objects.requireNonNull(onFailure.apply(t), "the failure message of " + t));
            }
        }

        @Override
        public void onComplete() {
            if (ended.compareAndSet(false, true)) {
                ref.tell(onComplete);
            }
        }

        @Override
        public String toString() {
            return "ActorSink.actorRef(" + ref.path() + ")";
        }
    }
}
