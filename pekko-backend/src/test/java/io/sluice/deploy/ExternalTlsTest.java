package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.ClientEvent;
import io.sluice.dataflow.ClientId;
import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.runtime.external.ExternalSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on an external port, with mutual authentication, in a running flow: a client with a
 * trusted certificate is served; a plain-TCP client, a client with an untrusted certificate or
 * none, a client that does not trust the port, a client whose host name the port's certificate
 * does not hold, and a connection that never speaks are each refused at the handshake, with a
 * message on the client and a WARN naming the remote address on the server, and none of them
 * becomes a client of the flow, which goes on serving. One deployment for all of it; then a
 * misconfigured port fails its deployment, naming the setting.
 */
class ExternalTlsTest {

    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("refused a connection from").expect("listening on")
            .expect("cannot start");

    static final class Server {
    }

    static final class Client {
    }

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PASSWORD = TestCertificates.PASSWORD;

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static Path portTrust;
    private static Path clientTrust;
    private static Path wrongTrust;

    @BeforeAll
    static void makeCertificates() throws Exception {
        // The port's certificate names 127.0.0.1, where the test connects, so hostname
        // verification stays on; the intruder's certificate is one the port does not trust.
        certs = TestCertificates.make(dir, Map.of("port", "SAN=ip:127.0.0.1", "client", "", "intruder", ""));
        portTrust = certs.trustStore("port-trust.p12", "client");
        clientTrust = certs.trustStore("client-trust.p12", "port");
        wrongTrust = certs.trustStore("wrong-trust.p12", "intruder");
    }

    /** An echo server's flow: its process, and the External of its clients. */
    private record Echo(FlowBuilder flow, Process<Server> server, External<Client> clients) {
        static Echo of(BlockingQueue<ClientEvent> events) {
            FlowBuilder flow = new FlowBuilder();
            Process<Server> server = flow.process(Server.class);
            External<Client> clients = flow.external(Client.class);
            ExternalPort<String, String, Server> port = server.bidiExternalMany(clients, String.class, String.class);
            port.connections().forEach(events::add);
            port.reply(port.requests().mapValues(s -> "hi: " + s));
            return new Echo(flow, server, clients);
        }
    }

    private static String tls(String section) {
        return section + """
                 {
                  enabled = on
                  key-store = "%s"
                  key-store-password = "%s"
                  trust-store = "%s"
                  trust-store-password = "%s"
                  handshake-timeout = 1s
                }
                """.formatted(certs.keyStore("port"), PASSWORD, portTrust, PASSWORD);
    }

    @Test
    void aTlsPortServesOnlyClientsWithATrustedCertificateAndRefusesTheOthersAtTheHandshake() throws Exception {
        BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
        Echo echo = Echo.of(events);
        try (FlowRun run = FlowRun.of(echo.flow()).process(echo.server()).config(tls("sluice.external.tls")).start()) {
            InetSocketAddress at = run.deployment().externalAddress(echo.clients());
            ExternalClient.Options mutual = ExternalClient.Options.defaults()
                    .withTrustStore(clientTrust, PASSWORD).withKeyStore(certs.keyStore("client"), PASSWORD);
            try (ExternalClient<String, String> good = ExternalClient.connect(at, String.class, String.class, mutual)) {
                ClientId goodId = connected(events);
                good.send("over TLS");
                assertEquals(Optional.of("hi: over TLS"), good.receive(WAIT));

                // A certificate the port does not trust, and none at all.
                assertRefused(at, mutual.withKeyStore(certs.keyStore("intruder"), PASSWORD),
                        "refused this client in the TLS handshake", "it showed no client certificate that "
                                + "sluice.external.tls.trust-store trusts");
                assertRefused(at, ExternalClient.Options.defaults().withTrustStore(clientTrust, PASSWORD),
                        "refused this client in the TLS handshake", "it showed no client certificate");
                // A client that does not trust the port's certificate.
                assertRefused(at, mutual.withTrustStore(wrongTrust, PASSWORD),
                        "this client does not trust the port's certificate", "it refused this port's certificate");
                // A host name that the port's certificate does not hold (the address is 127.0.0.1).
                InetSocketAddress named = new InetSocketAddress(
                        InetAddress.getByAddress("sluice.test", at.getAddress().getAddress()), at.getPort());
                assertRefused(named, mutual, "the port's certificate does not name the host connected to",
                        "it refused this port's certificate");
                try (ExternalClient<String, String> unverified = ExternalClient.connect(named, String.class,
                        String.class, mutual.withoutHostnameVerification())) {
                    ClientId id = connected(events);
                    unverified.send("unverified");
                    assertEquals(Optional.of("hi: unverified"), unverified.receive(WAIT));
                    unverified.close();
                    assertEquals(id, disconnected(events).client());
                }

                // A plain-TCP client: connected at the TCP level, it learns at its first exchange.
                try (ExternalClient<String, String> plain = ExternalClient.connect(at, String.class, String.class)) {
                    plain.send("hello?");
                    CompletableFuture<Void> closed = plain.closed().toCompletableFuture();
                    ExecutionException ended = assertThrows(ExecutionException.class,
                            () -> closed.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                    assertTrue(ended.getCause().getMessage().contains("TLS") && ended.getCause().getMessage()
                            .contains("connect with ExternalClient.Options"), ended.getCause().getMessage());
                }
                awaitWarning("it does not speak TLS");

                // A connection that never speaks is cut after the handshake timeout (1 s here).
                try (Socket silent = new Socket()) {
                    silent.connect(at, 5_000);
                    silent.setSoTimeout((int) WAIT.toMillis());
                    InputStream in = silent.getInputStream();
                    try {
                        assertEquals(-1, in.read(), "the port closes a connection that never speaks");
                    } catch (SocketException reset) {
                        // closed by the port: as good
                    }
                }
                awaitWarning("did not finish the TLS handshake within the port's tls.handshake-timeout (1000 ms)");

                // None of them became a client; the first one is still served.
                good.send("still there?");
                assertEquals(Optional.of("hi: still there?"), good.receive(WAIT));
                assertTrue(events.isEmpty(), "no events for refused connections: " + events);
                assertTrue(logs.messages().stream().noneMatch(m -> m.contains(goodId + " (")), logs.messages().toString());
            }
        }
    }

    @Test
    void aMisconfiguredPortFailsTheDeploymentNamingTheSetting() {
        logs.expect("stopped before the flow completed");   // the coordinator, as the failed deployment stops
        String own = "sluice.external.\"" + Client.class.getCanonicalName() + "\".tls";
        Config wrongPassword = ConfigFactory.parseString(tls("sluice.external.tls") + own
                + ".key-store-password = wrong").withFallback(ConfigFactory.load());
        Echo echo = Echo.of(new LinkedBlockingQueue<>());
        RuntimeException failed = assertThrows(RuntimeException.class,
                () -> FlowRun.of(echo.flow()).process(echo.server()).config(wrongPassword).start());
        assertTrue(failed.getMessage().contains("the external port of " + Client.class.getCanonicalName()
                + " cannot start: " + own + ".key-store-password: wrong password for"), failed.getMessage());

        Config noTrustStore = ConfigFactory.parseString(tls("sluice.external.tls")
                + "sluice.external.tls.trust-store = \"" + dir.resolve("missing.p12") + "\"").withFallback(ConfigFactory.load());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ExternalSettings.of(noTrustStore, Client.class.getCanonicalName()));
        assertTrue(missing.getMessage().startsWith("sluice.external.tls.trust-store: no such file: "), missing.getMessage());

        Config noKeyStore = ConfigFactory.parseString(own + ".enabled = on").withFallback(ConfigFactory.load());
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> ExternalSettings.of(noKeyStore, Client.class.getCanonicalName()));
        assertTrue(unset.getMessage().startsWith("sluice.external.tls.key-store is not set"), unset.getMessage());
    }

    /** A client connecting with {@code options} is refused with {@code clientSays}; the port logs {@code portSays}. */
    private void assertRefused(InetSocketAddress at, ExternalClient.Options options, String clientSays, String portSays)
            throws Exception {
        IOException refused = assertThrows(IOException.class,
                () -> ExternalClient.connect(at, String.class, String.class, options).close());
        assertTrue(refused.getMessage().contains(clientSays), refused.getMessage());
        assertTrue(refused.getMessage().contains(at.getHostString() + ":" + at.getPort()), refused.getMessage());
        awaitWarning(portSays);
    }

    /** Waits (bounded) for the port's WARN about a refused connection from 127.0.0.1 that says {@code text}. */
    private void awaitWarning(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (logs.messages().stream().noneMatch(m -> m.contains("refused a connection from /127.0.0.1:")
                && m.contains(text))) {
            assertTrue(System.nanoTime() < deadline, "no WARN saying \"" + text + "\" in " + logs.messages());
            Thread.sleep(20);
        }
    }

    private static ClientId connected(BlockingQueue<ClientEvent> events) throws InterruptedException {
        ClientEvent e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(e != null && e.change() == ClientEvent.Change.CONNECTED, "expected a CONNECTED event, got " + e);
        return e.client();
    }

    private static ClientEvent disconnected(BlockingQueue<ClientEvent> events) throws InterruptedException {
        ClientEvent e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(e != null && e.change() == ClientEvent.Change.DISCONNECTED, "expected a DISCONNECTED event, got " + e);
        return e;
    }
}
