package io.sluice.testkit.sim;

import io.sluice.dataflow.ClientId;

/**
 * A client of a simulated flow's external port ({@code bidiExternalMany}), in the manner of
 * {@code ExternalClient}: it connects (the flow sees {@code CONNECTED}), sends requests, reads
 * its replies as a {@link SimOutput}, and closes (the flow sees {@code DISCONNECTED}). Everything
 * happens on the simulation's thread; where a request goes from the port on is the simulation's
 * choice, as for any input.
 *
 * <pre>{@code
 * SimClient<String, String> client = sim.connect(clients, String.class, String.class);
 * client.send("this is some string");
 * client.replies().assertYields("hi: this is some string");
 * }</pre>
 *
 * @param <Req>  the requests' class, as the port was bound
 * @param <Resp> the replies' class, as the port was bound
 */
public final class SimClient<Req, Resp> {

    private final Sim sim;
    private final SimExternals.Port port;
    private final Class<Resp> responseClass;
    private final SimOutput<Resp> replies;
    private final ClientId id;
    private boolean closed;

    SimClient(Sim sim, SimExternals.Port port, String name, Class<Resp> responseClass) {
        this.sim = sim;
        this.port = port;
        this.responseClass = responseClass;
        this.replies = new SimOutput<>(sim, name);
        this.id = port.connect(this);
    }

    /**
     * The id the port gave this client, as the flow sees it in requests and events.
     *
     * @return the client's id: 0 for the port's first client, then 1, 2, ...
     */
    public ClientId id() {
        return id;
    }

    /**
     * Sends one request; its consequences that need no scheduling choice happen now.
     *
     * @param request not null
     * @throws IllegalStateException after {@link #close()}
     */
    public void send(Req request) {
        if (closed) {
            throw new IllegalStateException(id + " is closed: it cannot send " + request);
        }
        sim.traceLog().input(replies + " (" + id + ")", request, sim.virtualNanos());
        port.request(id, request);
    }

    /**
     * The replies sent to this client (and the port's broadcasts while it was connected), with the
     * simulator's assertions: {@code assertYields}, {@code assertYieldsOnly}, ...
     *
     * @return the client's replies, in the order the flow sent them
     */
    public SimOutput<Resp> replies() {
        return replies;
    }

    /** Closes the connection: the flow sees {@code DISCONNECTED}, and replies to this client are dropped. */
    public void close() {
        if (!closed) {
            closed = true;
            port.disconnect(id);
        }
    }

    /** A reply from the port, on the simulation's thread. */
    void reply(Object reply) {
        replies.add(responseClass.cast(reply));
    }

    @Override
    public String toString() {
        return replies.toString();
    }
}
