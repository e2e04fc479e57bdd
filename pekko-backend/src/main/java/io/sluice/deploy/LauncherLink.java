package io.sluice.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A launched member's link to its launcher: its standard input. The first line is the address
 * to join; the end of the input means the launcher is gone (it stopped the flow, or it died:
 * the operating system closes the pipe either way), and this JVM then exits.
 */
final class LauncherLink {

    /** The exit code of a member whose launcher went away. */
    static final int LAUNCHER_GONE = 3;

    private LauncherLink() {
    }

    /** Waits for the launcher's address, then watches for the launcher going away. */
    static String seed(Duration timeout) {
        CompletableFuture<String> seed = new CompletableFuture<>();
        Thread watcher = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String first = in.readLine();
                if (first != null) {
                    seed.complete(first.trim());
                    while (in.readLine() != null) {
                        // nothing else is sent: wait for the end of the input
                    }
                }
            } catch (IOException e) {
                // a broken pipe means the same as its end
            }
            System.err.println("the launcher is gone: stopping this member");
            System.exit(LAUNCHER_GONE);
        }, "sluice-launcher-link");
        watcher.setDaemon(true);
        watcher.start();
        try {
            return seed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new FlowFailedException("the launcher did not send the address to join within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlowFailedException("interrupted while waiting for the launcher's address");
        }
    }
}
