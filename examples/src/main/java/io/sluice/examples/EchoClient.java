package io.sluice.examples;

import io.sluice.deploy.ExternalClient;
import java.io.IOException;
import java.time.Duration;

/**
 * A client of {@link EchoServer}, with no cluster of its own: connects, sends each argument
 * after the host and port, prints each reply, and exits (code 1 when a reply does not come
 * within 10 seconds).
 *
 * <pre>
 * java -jar examples/target/sluice-examples.jar EchoClient 127.0.0.1 40123 "this is some string"
 * hi: this is some string
 * </pre>
 */
public final class EchoClient {

    private EchoClient() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: EchoClient <host> <port> <message>...");
            System.exit(2);
            return;
        }
        try (ExternalClient<String, String> client = ExternalClient.connect(args[0], Integer.parseInt(args[1]),
                String.class, String.class)) {
            for (int i = 2; i < args.length; i++) {
                client.send(args[i]);
                String reply = client.receive(Duration.ofSeconds(10)).orElse(null);
                if (reply == null) {
                    System.err.println("no reply to \"" + args[i] + "\" within 10 seconds");
                    System.exit(1);
                }
                System.out.println(reply);
            }
        }
    }
}
