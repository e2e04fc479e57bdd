package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.ClientEvent;
import io.sluice.dataflow.ClientId;
import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Process;
import io.sluice.runtime.external.FrameCodec;
import io.sluice.runtime.wire.ElementCodec;
import io.sluice.wirefixtures.Bean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An external port in a running flow, with clients in this JVM: requests keyed by client and
 * replies to the asking client, connection events, and the faults that drop one client while
 * the flow and the other clients go on (garbage, a frame too large, a request of the wrong
 * class, a client that stops reading, a client that goes away). One deployment for all.
 */
class ExternalPortTest {

    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("disconnected client").expect("listening on");

    static final class Server {
    }

    static final class Client {
    }

    static final class BeanClient {
    }

    private static final int MAX_FRAME = 4096;
    private static final int CLIENT_BUFFER = 8;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anExternalPortServesEachClientAndDropsOnlyTheOnesThatMisbehave() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<Server> server = flow.process(Server.class);
        External<Client> clients = flow.external(Client.class);
        ExternalPort<String, String, Server> port = server.bidiExternalMany(clients, String.class, String.class);
        BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
        port.connections().forEach(events::add);
        // "flood n" answers n replies of 2 KiB, "too big" one larger than a frame; anything else is echoed.
        String big = "x".repeat(2048);
        port.reply(port.requests().entries().flatMap(kv -> kv.value().startsWith("flood ")
                ? IntStream.range(0, Integer.parseInt(kv.value().substring(6))).mapToObj(i -> KV.of(kv.key(), big)).toList()
                : kv.value().equals("too big") ? List.of(KV.of(kv.key(), "z".repeat(MAX_FRAME)))
                : List.of(KV.of(kv.key(), "hi: " + kv.value()))).<ClientId, String>intoKeyed());
        // A port whose requests are of a class the members allow-list: its frames use the members' codec.
        External<BeanClient> beanClients = flow.external(BeanClient.class);
        ExternalPort<Bean, String, Server> beans = server.bidiExternalMany(beanClients, Bean.class, String.class);
        beans.reply(beans.requests().entries().map(kv -> KV.of(kv.key(), kv.value().getName() + " " + kv.value().getCount()))
                .<ClientId, String>intoKeyed());

        try (FlowRun run = FlowRun.of(flow).process(server).config("sluice.external.max-frame-bytes = " + MAX_FRAME
                + "\nsluice.external.client-buffer = " + CLIENT_BUFFER
                + "\nsluice.external.client-stall-timeout = 1s"
                + "\nsluice.serialization.allowed-classes = [\"" + Bean.class.getName() + "\"]").start()) {
            InetSocketAddress at = run.deployment().externalAddress(clients);
            try (ExternalClient<Object, String> bean = ExternalClient.connect(run.deployment().externalAddress(beanClients),
                    Object.class, String.class)) {
                FrameCodec allowing = FrameCodec.of(ElementCodec.allowing(List.of(Bean.class.getName())));
                bean.sendFrame(allowing.encode(new Bean(7, "bean")));
                assertEquals(Optional.of("bean 7"), bean.receive(WAIT));
            }
            try (ExternalClient<String, String> good = ExternalClient.connect(at, String.class, String.class)) {
                ClientId goodId = connected(events);
                good.send("this is some string");
                assertEquals(Optional.of("hi: this is some string"), good.receive(WAIT));

                // Garbage, a frame too large, a request of another class: each drops its sender only.
                assertDropped(at, events, c -> c.sendFrame("garbage!".getBytes(StandardCharsets.UTF_8)),
                        "does not decode");
                assertDropped(at, events, c -> c.send("y".repeat(MAX_FRAME + 1)), "larger than");
                assertDropped(at, events, c -> c.sendFrame(FrameCodec.standard().encode(42)),
                        "sent a java.lang.Integer where a java.lang.String was expected");
                assertDropped(at, events, c -> c.send("too big"), "more than sluice.external.max-frame-bytes");

                // A burst of replies far larger than the client's buffer is paced to what it reads: it gets them all.
                try (ExternalClient<String, String> reader = ExternalClient.connect(at, String.class, String.class)) {
                    ClientId readerId = connected(events);
                    reader.send("flood 3000");
                    for (int i = 0; i < 3000; i++) {
                        assertEquals(Optional.of(big), reader.receive(WAIT), "reply " + i);
                    }
                    reader.send("done?");
                    assertEquals(Optional.of("hi: done?"), reader.receive(WAIT));
                    assertTrue(events.stream().noneMatch(e -> e.client().equals(readerId)), events.toString());
                }
                assertEquals(ClientEvent.Change.DISCONNECTED, disconnected(events).change());

                // A client that stops reading is dropped once its buffer stays full for the stall timeout.
                ExternalClient<String, String> stuck = ExternalClient.connect(at, String.class, String.class, 1);
                ClientId stuckId = connected(events);
                stuck.send("flood 20000");
                ClientEvent gone = disconnected(events);
                assertEquals(stuckId, gone.client());
                assertTrue(gone.reason().contains("stopped reading: its buffer of " + CLIENT_BUFFER
                        + " replies (sluice.external.client-buffer) stayed full for longer than 1000 ms"), gone.reason());
                assertTrue(logged("disconnected " + stuckId), logs.messages().toString());
                stuck.close();

                // A client that goes away is a DISCONNECTED event; the others go on.
                ExternalClient<String, String> leaving = ExternalClient.connect(at, String.class, String.class);
                ClientId leavingId = connected(events);
                leaving.close();
                ClientEvent left = disconnected(events);
                assertEquals(leavingId, left.client());
                good.send("still there?");
                assertEquals(Optional.of("hi: still there?"), good.receive(WAIT));
                assertTrue(events.stream().noneMatch(e -> e.client().equals(goodId)), events.toString());
            }
        }
    }

    @Test
    void anExternalIsServedByOnePort() {
        FlowBuilder flow = new FlowBuilder();
        Process<Server> server = flow.process(Server.class);
        External<Client> clients = flow.external(Client.class);
        server.bidiExternalMany(clients, String.class, String.class);
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> server.bidiExternalMany(clients, String.class, String.class));
        assertTrue(twice.getMessage().contains("is already served by the port bound at ExternalPortTest.java:"),
                twice.getMessage());
        assertThrows(IllegalStateException.class, () -> flow.external(Client.class));
    }

    private interface ClientAction {
        void run(ExternalClient<Object, String> client) throws Exception;
    }

    /** A new client does {@code action}; it must be disconnected with a WARN naming it and {@code reason}. */
    private void assertDropped(InetSocketAddress at, BlockingQueue<ClientEvent> events, ClientAction action,
                               String reason) throws Exception {
        try (ExternalClient<Object, String> bad = ExternalClient.connect(at, Object.class, String.class)) {
            ClientId id = connected(events);
            action.run(bad);
            ClientEvent gone = disconnected(events);
            assertEquals(id, gone.client());
            assertTrue(gone.reason().contains(reason), gone.reason());
            assertTrue(logged("disconnected " + id), logs.messages().toString());
            CompletableFuture<Void> closed = bad.closed().toCompletableFuture();
            assertThrows(ExecutionException.class, () -> closed.get(WAIT.toSeconds(), TimeUnit.SECONDS),
                    "the client sees the connection end");
        }
    }

    private boolean logged(String text) {
        return logs.messages().stream().anyMatch(m -> m.contains(text));
    }

    private static ClientId connected(BlockingQueue<ClientEvent> events) throws InterruptedException {
        ClientEvent e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(e != null && e.change() == ClientEvent.Change.CONNECTED, "expected a CONNECTED event, got " + e);
        return e.client();
    }

    private static ClientEvent disconnected(BlockingQueue<ClientEvent> events) throws InterruptedException {
        ClientEvent e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(e != null && e.change() == ClientEvent.Change.DISCONNECTED, "expected a DISCONNECTED event, got "
                + e);
        return e;
    }
}
