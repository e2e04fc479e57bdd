package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EchoServer} as a user runs it: the server program launches its process in a JVM of its
 * own ({@code localhost()}), and {@link EchoClient} runs in another JVM with no cluster.
 */
class EchoServerTest {

    private static final Duration RUN = Duration.ofMinutes(2);
    private static final String LISTENING = "echo server listening on ";
    private static final String SERVER = "[io.sluice.examples.EchoServer.Server (process 0)] ";

    @Test
    void aClientInAnotherJvmIsAnsweredAndSeenToLeave() throws Exception {
        try (JvmRun server = JvmRun.start(EchoServer.class, List.of())) {
            server.awaitLine(l -> l.startsWith(LISTENING), RUN);
            String at = server.out().stream().filter(l -> l.startsWith(LISTENING)).findFirst().orElseThrow()
                    .substring(LISTENING.length());
            String host = at.substring(0, at.lastIndexOf(':'));
            String port = at.substring(at.lastIndexOf(':') + 1);
            try (JvmRun client = JvmRun.start(EchoClient.class, List.of(), host, port, "this is some string")) {
                assertEquals(0, client.awaitExit(RUN), () -> "client exit code; its standard error:\n"
                        + String.join("\n", client.err()));
                assertEquals(List.of("hi: this is some string"), client.out());
            }
            server.awaitLine((SERVER + "client 0 CONNECTED")::equals, RUN);
            server.awaitLine((SERVER + "client 0 DISCONNECTED: the client closed the connection")::equals, RUN);
            assertEquals(1, server.descendants().size(), "the server's process ran in a JVM of its own");
        }
    }
}
