package io.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Flink peer, {@code io.sluice.bench.flink.FlinkPeer} of {@code bench/flink}, in a JVM of its
 * own (Flink never shares this JVM's class path with Pekko) that lives for the whole bench, so
 * that its JIT warms up across runs as this JVM's does. Each run is one command line on its stdin
 * and one answer line on its stdout; its CPU figure is the Flink JVM's own CPU over the run.
 *
 * <p>The peer is found through {@code bench/flink/target/classpath.txt} and
 * {@code bench/flink/target/classes} under the working directory (what {@code bench/check.sh} and
 * {@code mvn -f bench/flink/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}
 * make), or under the directory of the system property {@code bench.flink.dir}.
 */
final class FlinkJvm implements AutoCloseable {

    private static final String MAIN = "io.sluice.bench.flink.FlinkPeer";
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private final java.lang.Process jvm;
    private final PrintStream commands;
    private final BufferedReader answers;

    private FlinkJvm(java.lang.Process jvm) {
        this.jvm = jvm;
        this.commands = new PrintStream(jvm.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Where the peer was built, if it was. */
    static Optional<Path> built() {
        Path dir = Path.of(System.getProperty("bench.flink.dir", "bench/flink"));
        return Files.isRegularFile(dir.resolve("target/classpath.txt")) && Files.isDirectory(dir.resolve("target/classes"))
                ? Optional.of(dir) : Optional.empty();
    }

    /** Starts the peer built in {@code dir} and waits until it is ready. */
    static FlinkJvm start(Path dir) throws IOException {
        String classpath = Files.readString(dir.resolve("target/classpath.txt")).trim() + java.io.File.pathSeparator
                + dir.resolve("target/classes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.lang.Process jvm = new ProcessBuilder(List.of(java, "-cp", classpath, MAIN))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        FlinkJvm peer = new FlinkJvm(jvm);
        String ready = peer.answer(READY_WAIT);
        if (!"READY".equals(ready)) {
            peer.close();
            throw new IllegalStateException("the Flink peer did not start: it said " + ready);
        }
        return peer;
    }

    /**
     * Runs {@code workload} ({@code W1}, {@code W4} or {@code W5}) over {@code n} elements in the peer.
     *
     * @throws IllegalStateException when the peer's run failed its check, failed or took too long
     */
    RunResult run(String workload, int n) {
        commands.println(workload + " " + n);
        String answer = answer(W1Throughput.timeLimit(n));
        String[] parts = answer == null ? new String[0] : answer.split(" ");
        if (parts.length != 4 || !parts[0].equals("RESULT")) {
            throw new IllegalStateException("Flink " + workload + " over " + n + " elements: " + answer);
        }
        return new RunResult(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]));
    }

    private String answer(Duration limit) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return answers.readLine();
            } catch (IOException e) {
                return "the peer's output failed: " + e;
            }
        });
        try {
            return line.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Flink peer did not answer within " + limit, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Flink peer's answer failed", e);
        }
    }

    /** Asks the peer to quit, and ends it if it does not within 10 seconds. */
    @Override
    public void close() {
        commands.println("QUIT");
        try {
            if (!jvm.waitFor(10, TimeUnit.SECONDS)) {
                jvm.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jvm.destroyForcibly();
        }
    }
}
