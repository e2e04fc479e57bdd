package io.sluice.testkit.sim;

import io.sluice.dataflow.ClientEvent;
import io.sluice.dataflow.ClientId;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.SourceQueue;
import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.runtime.logic.ExternalEndpoints;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * The external ports of a simulated flow: each port's requests and connection events are
 * {@link SourceQueue}s that the test's {@link SimClient}s feed on the simulation's thread, and
 * its replies go straight to the clients' {@link SimOutput}s. The port's operators run the
 * backend's own logic for external ports over them, as on a member they run over the TCP server.
 * Ports are known by their External's tag, so a client may connect before the flow is deployed.
 */
final class SimExternals implements ExternalEndpoints {

    private final Sim sim;
    private final Map<String, Port> ports = new HashMap<>();

    SimExternals(Sim sim) {
        this.sim = sim;
    }

    @Override
    public Endpoint open(ExternalBinding binding) {
        return port(binding.tag());
    }

    /** The port of the clients named {@code tag}, made on first use. */
    Port port(String tag) {
        return ports.computeIfAbsent(tag, Port::new);
    }

    /** One port: its queues, and its clients by id (those connected, in the order they connected). */
    final class Port implements Endpoint {
        private final String tag;
        private final SourceQueue<Object> requests = SourceQueue.bounded(SimInput.CAPACITY);
        private final SourceQueue<Object> connections = SourceQueue.bounded(SimInput.CAPACITY);
        private final Map<Long, SimClient<?, ?>> connected = new LinkedHashMap<>();
        private long nextClient;

        Port(String tag) {
            this.tag = tag;
            sim.traceLog().input(requests, "requests of " + shortName());
            sim.traceLog().input(connections, "connections of " + shortName());
        }

        private String shortName() {
            return tag.substring(tag.lastIndexOf('.') + 1);
        }

        /** A client connects: it gets the next id, and the flow a CONNECTED event. */
        ClientId connect(SimClient<?, ?> client) {
            ClientId id = new ClientId(nextClient++);
            connected.put(id.raw(), client);
            offer(connections, new ClientEvent(id, ClientEvent.Change.CONNECTED, ""));
            return id;
        }

        /** A client sends a request, keyed by its id as the port keys it. */
        void request(ClientId id, Object request) {
            offer(requests, KV.of(id, request));
        }

        /** A client leaves: the flow gets DISCONNECTED, and replies to it are dropped from now on. */
        void disconnect(ClientId id) {
            if (connected.remove(id.raw()) != null) {
                offer(connections, new ClientEvent(id, ClientEvent.Change.DISCONNECTED, "the client closed the connection"));
            }
        }

        private void offer(SourceQueue<Object> queue, Object element) {
            if (!queue.offer(element).toCompletableFuture().isDone()) {
                throw new IllegalStateException("the external port of " + tag + " did not take " + element + ": more than "
                        + SimInput.CAPACITY + " wait for the flow to start");
            }
            sim.afterInput();
        }

        @Override
        public Flow.Publisher<Object> requests() {
            return requests;
        }

        @Override
        public Flow.Publisher<Object> connections() {
            return connections;
        }

        /** Replies never wait, as on the TCP server; those to a client that is gone are dropped, as there. */
        @Override
        public Flow.Subscriber<Object> replies(boolean broadcast) {
            return new ExternalEndpoints.Replies(broadcast) {
                @Override
                protected void toAll(Object reply) {
                    List.copyOf(connected.values()).forEach(c -> c.reply(reply));
                }

                @Override
                protected void toClient(ClientId id, Object reply) {
                    SimClient<?, ?> c = connected.get(id.raw());
                    if (c != null) {
                        c.reply(reply);
                    }
                }
            };
        }

        @Override
        public void release() {
        }
    }
}
