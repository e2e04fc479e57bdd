package io.sluice.deploy.launch;

import io.sluice.dataflow.FlowFailedException;
import io.sluice.plan.MemberKey;
import io.sluice.runtime.scope.LineTail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One member running in a child JVM launched by this program: its process, and what it prints.
 * Every line of its standard output is echoed with the member's prefix, and its latest lines are
 * kept ({@code sluice.console.tail-lines}); every line of
 * its standard error is echoed marked {@code [stderr]}, and its last lines are kept for the
 * report when the child dies.
 */
public final class ChildMember {

    private static final int STDERR_TAIL = 30;

    private final MemberKey key;
    private final String prefix;
    private final Process process;
    private final LineTail lines;
    private final LineTail stderrTail = new LineTail(STDERR_TAIL);
    private final Thread outPump;
    private final Thread errPump;
    /** The child's cluster address, once it reported it. */
    private volatile Optional<String> address = Optional.empty();

    private ChildMember(MemberKey key, String prefix, Process process, PrintStream out, PrintStream err,
                        int tailLines, Consumer<LauncherLink.Report> reports) {
        this.key = key;
        this.lines = new LineTail(tailLines);
        this.prefix = prefix;
        this.process = process;
        this.outPump = pump(process.getInputStream(), line -> {
            Optional<LauncherLink.Report> report = LauncherLink.Report.parse(line);
            if (report.isPresent() && report.get().event() == LauncherLink.Event.NODE) {
                address = Optional.of(report.get().text());
                return;
            }
            if (report.isPresent()) {
                reports.accept(report.get());
                return;
            }
            lines.add(line);
            // A spare node prefixes its lines itself: which member it hosts is known only there.
            out.println(isSpare() ? line : prefix + " " + line);
        }, "out");
        this.errPump = pump(process.getErrorStream(), line -> {
            stderrTail.add(line);
            err.println(prefix + " [stderr] " + line);
        }, "err");
    }

    /**
     * Starts {@code command} for member {@code key}; {@code reports} hears of what it reports as
     * the driver, and {@code onExit} of its exit code once everything it printed has been read.
     */
    static ChildMember launch(List<String> command, MemberKey key, String prefix, PrintStream out, PrintStream err,
                              int tailLines, Consumer<LauncherLink.Report> reports,
                              BiConsumer<ChildMember, Integer> onExit) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new FlowFailedException("could not start the JVM of member " + prefix + ": " + e.getMessage(), e);
        }
        ChildMember child = new ChildMember(key, prefix, process, out, err, tailLines, reports);
        process.onExit().thenRun(() -> {
            child.drain(Duration.ofSeconds(5));
            onExit.accept(child, process.exitValue());
        });
        return child;
    }

    /**
     * Sends the child a line on its standard input, which stays open: a member's first line is
     * the address to join; the driver's lines are commands.
     */
    synchronized void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            // the child is already gone: its exit is reported by onExit
        }
    }

    MemberKey key() {
        return key;
    }

    /** The child's cluster address, once it has joined and reported it. */
    Optional<String> address() {
        return address;
    }

    /** Whether this child is a spare node, hosting no member when launched. */
    boolean isSpare() {
        return key.member() == NodeSettings.SPARE;
    }

    String prefix() {
        return prefix;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the member printed so far. */
    List<String> lines() {
        return lines.lines();
    }

    /** The last lines of its standard error. */
    List<String> stderrTail() {
        return stderrTail.lines();
    }

    /**
     * Waits up to {@code grace} for the child to exit by itself, then ends it (the launcher's
     * {@value LauncherLink#STOP} command and the end of its standard input; then SIGTERM, then
     * SIGKILL); waits for its output.
     */
    void stop(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                send(LauncherLink.STOP);
                closeInput();
                if (process.waitFor(2, TimeUnit.SECONDS)) {
                    drain(Duration.ofSeconds(5));
                    return;
                }
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        drain(Duration.ofSeconds(5));
    }

    /** Kills the child at once (SIGKILL), as a crash would; returns once it has exited. */
    void kill() {
        try {
            if (!process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("member " + prefix + " (pid " + process.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
    }

    private void drain(Duration timeout) {
        try {
            outPump.join(timeout.toMillis());
            errPump.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread pump(InputStream stream, Consumer<String> sink, String which) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the child is gone and took its end of the pipe with it: nothing more to read
            }
        }, "sluice-" + which + "-" + prefix);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
