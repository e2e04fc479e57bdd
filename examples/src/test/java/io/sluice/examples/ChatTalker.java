package io.sluice.examples;

import io.sluice.deploy.ExternalClient;
import io.sluice.examples.Chat.Said;
import java.time.Duration;

/**
 * A {@link Chat} member in a JVM of its own, for a test to kill: joins the room, prints
 * {@code joined <client number>} once it hears its own join, then listens until it is killed
 * (or exits with code 1 when the room does not answer within 20 seconds).
 */
final class ChatTalker {

    private ChatTalker() {
    }

    public static void main(String[] args) throws Exception {
        try (ExternalClient<String, Said> client = ExternalClient.connect(args[0], Integer.parseInt(args[1]),
                String.class, Said.class)) {
            client.send("join talker");
            Said echo;
            do {
                echo = client.receive(Duration.ofSeconds(20)).orElse(null);
                if (echo == null) {
                    System.err.println("the room did not answer within 20 seconds");
                    System.exit(1);
                }
            } while (!echo.text().equals("join talker"));
            System.out.println("joined " + echo.from());
            while (true) {
                client.receive(Duration.ofDays(1));
            }
        }
    }
}
