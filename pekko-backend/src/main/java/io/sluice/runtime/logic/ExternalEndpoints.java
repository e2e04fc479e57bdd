package io.sluice.runtime.logic;

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
         * to its client, or with {@code broadcast} every element to every client. It never holds
         * elements back (a client that cannot take them is dropped).
         */
        Flow.Subscriber<Object> replies(boolean broadcast);

        /** The opener is done with the endpoint. */
        void release();
    }
}
