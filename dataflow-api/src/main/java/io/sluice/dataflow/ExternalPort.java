package io.sluice.dataflow;

import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import java.util.Objects;

/**
 * A TCP port that a process serves to the clients of an {@link External}: the many-client,
 * two-way port of Hydro's {@code bidi_external_many_bincode}, made by
 * {@link Process#bidiExternalMany}. Its requests come keyed by the {@link ClientId} of the
 * connection they arrived on; replies keyed the same way go back to that client.
 *
 * <pre>{@code
 * ExternalPort<String, String, Server> port = server.bidiExternalMany(clients, String.class, String.class);
 * port.reply(port.requests().mapValues(s -> "hi: " + s));
 * port.connections().forEach(e -> System.out.println(e));
 * }</pre>
 *
 * <p><b>Location.</b> The member of the process listens, from deploy() on, on the address of
 * {@code sluice.external."<tag>"} (default: loopback, a free port; read it with
 * {@code Deployment.externalAddress(external)}). <b>Network.</b> One TCP connection per client;
 * each frame is a 4-byte big-endian length and one element in the data plane's element codec,
 * at most {@code sluice.external.max-frame-bytes}. <b>Ordering:</b> per client, the order it
 * sent; none across clients. <b>Backpressure:</b> the port reads from a client only while the
 * flow takes its requests, so a slow flow slows its clients through TCP; replies wait in a
 * bounded buffer per client ({@code sluice.external.client-buffer} elements), and a client that
 * stops reading until it overflows is disconnected (WARN naming the client). A client that
 * sends a frame too large, bytes that do not decode or an element that is not a request is
 * disconnected too, with a WARN naming it and the reason; the flow and the other clients go on.
 *
 * <p><b>Completion.</b> The requests and connection streams never end by themselves: a flow
 * with an external port runs until it is stopped (a loop fed by it is never quiescent, as with
 * live sources); stopping the flow closes the port and every connection.
 *
 * <p><b>Failures.</b> The loss of the process's member fails the flow (its process may not have
 * spare nodes). In a flow whose other locations have spares, a restart after their loss keeps
 * the port open and its clients connected: the requests read since the last complete snapshot
 * are replayed into the flow (each counts once in its results), and replies go out as they are
 * made, so those to replayed requests come again (at least once; {@code docs/guarantees.md}).
 *
 * @param <Req>  the class of the requests
 * @param <Resp> the class of the replies
 * @param <P>    the serving process's tag type
 */
public final class ExternalPort<Req, Resp, P> {

    private final Process<P> process;
    private final ExternalBinding binding;
    private ProcessKeyedStream<ClientId, Req, P> requests;
    private ProcessStream<ClientEvent, P> connections;

    ExternalPort(Process<P> process, ExternalBinding binding) {
        this.process = process;
        this.binding = binding;
    }

    /**
     * What the clients send, keyed by the client that sent it (Hydro's keyed input stream of
     * {@code bidi_external_many}). Each element was checked to be an instance of the request
     * class when it arrived. Calling it again gives the same stream.
     *
     * <pre>{@code
     * port.requests().entries().forEach(kv -> System.out.println(kv.key() + " asks " + kv.value()));
     * }</pre>
     *
     * @return a top-level keyed stream on the process, ordered per client, that never ends by itself
     */
    public ProcessKeyedStream<ClientId, Req, P> requests() {
        if (requests == null) {
            int node = process.flow().add("bidiExternalMany.requests", process,
                    (id, origin) -> new Node.ExternalSource(id, process.id(), origin, binding, false));
            requests = new ProcessKeyedStream<>(process.flow(), node, process, FlowGraph.TOP_LEVEL, false);
        }
        return requests;
    }

    /**
     * The clients as they connect and go away: for each client a {@code CONNECTED} event when its
     * connection is accepted, then a {@code DISCONNECTED} event with the reason when it ends.
     * This stream and {@link #requests()} are separate streams: no order holds between a
     * client's events and its requests. Events wait in a bounded buffer (4096) until the flow
     * takes them. Calling it again gives the same stream.
     *
     * <pre>{@code
     * port.connections().forEach(e -> System.out.println(e.client() + " " + e.change() + " " + e.reason()));
     * }</pre>
     *
     * @return a top-level stream on the process, ordered per client, that never ends by itself
     */
    public ProcessStream<ClientEvent, P> connections() {
        if (connections == null) {
            int node = process.flow().add("bidiExternalMany.connections", process,
                    (id, origin) -> new Node.ExternalSource(id, process.id(), origin, binding, true));
            connections = new ProcessStream<>(process.flow(), node, process, FlowGraph.TOP_LEVEL, false);
        }
        return connections;
    }

    /**
     * Sends each value of {@code replies} to the client its key names, in the stream's order. A
     * reply to a client that is gone (or never was) is dropped, logged at DEBUG once per client,
     * and never fails the flow.
     *
     * <pre>{@code
     * port.reply(port.requests().mapValues(String::toUpperCase));
     * }</pre>
     *
     * @param replies a top-level keyed stream of this process
     * @throws IllegalStateException    when {@code replies} is inside a tick
     * @throws IllegalArgumentException when {@code replies} is of another flow or location
     */
    public void reply(ProcessKeyedStream<ClientId, ? extends Resp, P> replies) {
        sink("reply", replies, false);
    }

    /**
     * Sends every element of {@code messages} to every client connected when it is sent, in the
     * stream's order (Hydro's broadcast to all connected clients). With no client connected the
     * element is dropped.
     *
     * <pre>{@code
     * port.broadcast(port.requests().values());   // a chat room: everyone hears everything
     * }</pre>
     *
     * @param messages a top-level stream of this process
     * @throws IllegalStateException    when {@code messages} is inside a tick
     * @throws IllegalArgumentException when {@code messages} is of another flow or location
     */
    public void broadcast(ProcessStream<? extends Resp, P> messages) {
        sink("broadcast", messages, true);
    }

    private void sink(String operator, Located<Process<P>> input, boolean all) {
        Objects.requireNonNull(input, operator);
        String name = "bidiExternalMany." + operator;
        input.requireTopLevel(name);
        if (input.flow != process.flow() || input.location.id() != process.id()) {
            throw new IllegalArgumentException(name + " at " + FlowBuilder.callSite() + ": the stream is on "
                    + input.location + ", but the port is served by " + process + "; send it there first");
        }
        input.add(name, (id, origin) -> new Node.ExternalSink(id, process.id(), origin, input.node, binding, all));
    }

    @Override
    public String toString() {
        return binding.toString();
    }
}
