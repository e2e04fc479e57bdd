package io.sluice.runtime.logic;

import io.sluice.dataflow.ClientId;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.ir.ExternalBinding;
import java.util.concurrent.Flow;

/**
 * Where the logic of an external port's nodes finds the port's server, without knowing how it
 * is served (the server uses Pekko; this layer does not). The member's operators of one
 * {@link ExternalBinding} share one endpoint: each {@link #open}s it when it is made and
 * releases it when it stops; the last release closes the port.
 */
public interface ExternalEndpoints {

    /** For members that host no external port (and tests): opening one is an error. */
    ExternalEndpoints NONE = binding -> {
        throw new IllegalStateException(binding + ": this member cannot serve external clients");
    };

    /**
     * The endpoint of {@code binding} on this member, listening once the first operator opened it.
     *
     * @param binding the port
     * @return the shared endpoint; call {@link Endpoint#release()} once when done with it
     */
    Endpoint open(ExternalBinding binding);

    /** One port's server as the logic sees it: publishers to subscribe to, and subscribers to feed. */
    interface Endpoint {

        /** {@code KV<ClientId, request>} as clients send them; never completes by itself. */
        Flow.Publisher<Object> requests();

        /** {@code ClientEvent}s; never completes by itself. */
        Flow.Publisher<Object> connections();

        /**
         * A subscriber that sends what it gets to the clients: each {@code KV<ClientId, response>}
         * to its client, or with {@code broadcast} every element to every client. A client that
         * cannot take a reply now may make it wait a while (the port's replies then wait, and
         * upstream backs off); one that takes nothing for too long is dropped.
         */
        Flow.Subscriber<Object> replies(boolean broadcast);

        /** The opener is done with the endpoint. */
        void release();
    }

    /**
     * The subscriber an endpoint gives for its replies, for any server: it hands each element to
     * {@link #toAll} when broadcast, else the value of each {@code KV<ClientId, response>} to
     * {@link #toClient}. It asks for {@value #WINDOW} replies at a time, and for more as they
     * come, unless the server says it is {@link #waiting}: then it asks for more once the server
     * calls {@link #resume}.
     */
    abstract class Replies implements Flow.Subscriber<Object> {
        /** Replies asked for at a time. */
        static final int WINDOW = 256;

        private final boolean broadcast;
        private Flow.Subscription subscription;
        /** Replies taken since the last request. */
        private int taken;

        /** @param broadcast whether every element goes to every client */
        protected Replies(boolean broadcast) {
            this.broadcast = broadcast;
        }

        /** Sends {@code reply} to every connected client. */
        protected abstract void toAll(Object reply);

        /** Sends {@code reply} to client {@code id}, if it is still connected. */
        protected abstract void toClient(ClientId id, Object reply);

        /** Whether a client cannot take more replies now: no more are asked for until {@link #resume}. */
        protected boolean waiting() {
            return false;
        }

        /** The clients that could not take replies can again: more are asked for. From any thread. */
        public final synchronized void resume() {
            if (subscription != null && taken > 0) {
                requestTaken();
            }
        }

        /** Asks for as many replies as were taken since the last request, unless a client is waited for. */
        private void requestTaken() {
            if (!waiting()) {
                int n = taken;
                taken = 0;
                subscription.request(n);
            }
        }

        @Override
        public final synchronized void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(WINDOW);
        }

        @Override
        public final void onNext(Object item) {
            if (broadcast) {
                toAll(item);
            } else {
                KV<?, ?> kv = (KV<?, ?>) item;
                toClient((ClientId) kv.key(), kv.value());
            }
            synchronized (this) {
                if (++taken >= WINDOW / 2) {
                    requestTaken();
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
