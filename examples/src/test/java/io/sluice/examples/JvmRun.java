package io.sluice.examples;

import io.sluice.deploy.launch.ClassDataArchive;
import io.sluice.deploy.launch.LaunchCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program run in a JVM of its own, as a user would run it: its output lines, its exit code,
 * and every process it started (to check that none outlives it).
 */
final class JvmRun implements AutoCloseable {

    /**
     * For programs whose members crash on purpose: the split brain resolver downs an unreachable
     * member after 2 s of stability instead of the production 7 s (a launcher passes the
     * property on to its members). Where a test's claim does not depend on that wait.
     */
    /**
     * Quicker detection of a member whose JVM dies, for tests: silent for 5 s rather than the 10 s
     * the launcher sets on one machine, and downed after 2 s of stability rather than 7.
     */
    static final List<String> QUICK_DETECTION = List.of("-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=5s",
            "-Dpekko.cluster.split-brain-resolver.stable-after=2s");

    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final Set<ProcessHandle> descendants = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Thread outPump;
    private final Thread errPump;

    private JvmRun(List<String> command) throws IOException {
        process = new ProcessBuilder(command).start();
        outPump = pump(process.getInputStream(), out);
        errPump = pump(process.getErrorStream(), err);
    }

    /**
     * Runs {@code mainClass} with this test's classes, {@code -D} options and arguments. The class
     * path is this test's, with its directories packed as jars ({@link JarClasspath}), as a user's
     * program runs from jars: a launcher then gives its members the class data sharing archive
     * (recorded by the first members that exit, in {@code target/jvm-run/cds}), and the programs
     * started here map it too once it is there.
     */
    static JvmRun start(Class<?> mainClass, List<String> properties, String... args) throws IOException {
        String classpath = JarClasspath.get();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LaunchCommand.JVM_LOGGING);
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        ClassDataArchive.forClasspath(classpath, JarClasspath.CDS).ifPresent(a -> command.addAll(a.options(false)));
        command.add("-Dsluice.localhost.class-data-sharing.dir=" + JarClasspath.CDS);
        command.addAll(properties);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new JvmRun(command);
    }

    /** A port that was free a moment ago, for a node whose port a test must know before it starts. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits for the program to exit by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the program did not exit within " + timeout + "; its output:\n" + String.join("\n", out)
                    + "\nits standard error:\n" + String.join("\n", err));
        }
        outPump.join(5_000);
        errPump.join(5_000);
        return process.exitValue();
    }

    /** Waits until a line of standard output matches. */
    void awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        await(out, matches, timeout);
    }

    /** Waits until a line of standard error matches. */
    void awaitErrorLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        await(err, matches, timeout);
    }

    private void await(List<String> lines, Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                if (lines.stream().anyMatch(matches)) {
                    return;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching line within " + timeout + "; output:\n" + String.join("\n", out)
                + "\nstandard error:\n" + String.join("\n", err));
    }

    /** Kills the program the hard way (SIGKILL): it gets no chance to clean up. */
    void kill() {
        process.destroyForcibly();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    List<String> out() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    List<String> err() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    /** Every process the program started so far, alive or not. */
    Set<ProcessHandle> descendants() {
        process.toHandle().descendants().forEach(descendants::add);
        synchronized (descendants) {
            return Set.copyOf(descendants);
        }
    }

    /**
     * Asserts that the program started child processes (recorded while it ran) and that none of
     * them is alive {@code timeout} from now.
     */
    void assertNoChildLeftBehind(Duration timeout) throws InterruptedException {
        Set<ProcessHandle> children = descendants();
        if (children.isEmpty()) {
            throw new AssertionError("the program started no child process, so none can be checked; its output:\n"
                    + String.join("\n", out));
        }
        assertNoneAlive(children, timeout, "child JVMs left behind");
    }

    /** Asserts that none of {@code processes} is alive {@code timeout} from now. */
    static void assertNoneAlive(Set<ProcessHandle> processes, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            alive = alive.stream().filter(ProcessHandle::isAlive).toList();
        }
        if (!alive.isEmpty()) {
            throw new AssertionError(what + " (alive " + timeout + " later): "
                    + alive.stream().map(h -> "pid " + h.pid()).toList());
        }
    }

    /**
     * Kills the program and every process it started, also those whose parent has died (no
     * longer its descendants, but recorded while it ran).
     */
    @Override
    public void close() {
        Set<ProcessHandle> children = descendants();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private Thread pump(InputStream stream, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                    descendants();
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
