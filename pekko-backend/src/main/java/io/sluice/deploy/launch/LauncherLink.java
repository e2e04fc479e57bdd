package io.sluice.deploy.launch;

import io.sluice.dataflow.FlowFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A launched member's link to its launcher: its standard input, and for the driver, standard
 * output too. A member's first input line is the address to join; the driver's input lines are
 * commands ({@value #START}). A launcher that stops its members says {@value #STOP} first, and
 * the member exits quietly; the end of the input without it means the launcher died (the
 * operating system closes the pipe), and the member says so and exits.
 * The driver reports the cluster's address and the flow's progress on standard output, in lines
 * that begin with {@link #CONTROL}, which the launcher takes out of the member's output.
 */
public final class LauncherLink {

    /** The exit code of a member whose launcher went away. */
    static final int LAUNCHER_GONE = 3;

    /** Begins a line from the driver to its launcher (a control character no program prints). */
    static final String CONTROL = "\u0010sluice-control ";

    /** The launcher's command to the driver: start the sources. */
    static final String START = "start";

    /**
     * The launcher's command to the driver: {@code down <address>}, the node at that address is
     * gone (its JVM exited); down it now rather than after the failure detector's pause.
     */
    static final String DOWN = "down";

    /** The launcher's command to any member: the launcher is stopping the flow; exit. */
    static final String STOP = "stop";

    /** The exit code of a member that its launcher stopped. */
    static final int STOPPED = 0;

    /**
     * What the driver reports; {@code EXTERNAL} ("tag host:port") comes from any member that binds
     * an external port, and {@code NODE} (its cluster address) from every launched node, so that
     * the launcher can have it downed as soon as its JVM exits.
     */
    enum Event { ADDRESS, DEPLOYED, COMPLETED, FAILED, EXTERNAL, RESTARTED, NODE }

    /** A report from the driver: the event and its text (the address, the failure). */
    record Report(Event event, String text) {

        /** The report in {@code line} (which begins with {@link #CONTROL}), if it is one. */
        static Optional<Report> parse(String line) {
            if (!line.startsWith(CONTROL)) {
                return Optional.empty();
            }
            String body = line.substring(CONTROL.length());
            int space = body.indexOf(' ');
            String name = space < 0 ? body : body.substring(0, space);
            String text = space < 0 ? "" : unescape(body.substring(space + 1));
            for (Event e : Event.values()) {
                if (e.name().equals(name)) {
                    return Optional.of(new Report(e, text));
                }
            }
            return Optional.empty();
        }

        /** The line that carries this report: one line, whatever the text. */
        String line() {
            return CONTROL + event.name() + (text.isEmpty() ? "" : " " + escape(text));
        }
    }

    private LauncherLink() {
    }

    /** Waits for the launcher's address, then watches for the launcher going away. */
    static String seed(Duration timeout) {
        CompletableFuture<String> seed = new CompletableFuture<>();
        follow(line -> seed.complete(line.trim()));
        try {
            return seed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new FlowFailedException("the launcher did not send the address to join within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlowFailedException("interrupted while waiting for the launcher's address");
        }
    }

    /**
     * For the driver: runs {@code start} when the launcher says so, and {@code down} with the
     * address of a node whose JVM exited; watches for the launcher going away.
     */
    static void serveDriver(Runnable start, Consumer<String> down) {
        follow(line -> {
            String command = line.trim();
            if (command.equals(START)) {
                start.run();
            } else if (command.startsWith(DOWN + " ")) {
                down.accept(command.substring(DOWN.length() + 1).trim());
            }
        });
    }

    /** Tells the launcher, on {@code out} (this JVM's real standard output). */
    static void report(PrintStream out, Event event, String text) {
        out.println(new Report(event, text).line());
        out.flush();
    }

    /** Hands every input line to {@code onLine}; exits this JVM at the end of the input. */
    private static void follow(Consumer<String> onLine) {
        Thread watcher = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.trim().equals(STOP)) {
                        System.exit(STOPPED);
                    }
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // a broken pipe means the same as its end
            }
            System.err.println("the launcher is gone: stopping this member");
            System.exit(LAUNCHER_GONE);
        }, "sluice-launcher-link");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
