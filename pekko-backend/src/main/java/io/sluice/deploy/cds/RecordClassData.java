package io.sluice.deploy.cds;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import io.sluice.deploy.launch.ClassDataArchive;
import io.sluice.deploy.launch.LaunchCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Records the class data sharing archive that {@code deployment.localhost()} members map, ahead
 * of the first launch: a build step, run after the program's jar and its dependencies are
 * written, with that same class path.
 *
 * <pre>
 * java -cp target/app.jar io.sluice.deploy.cds.RecordClassData
 * </pre>
 *
 * <p>It starts a JVM with the members' options and {@code -XX:ArchiveClassesAtExit}, which runs
 * a small flow on a process and a cluster of two, each an ActorSystem of a real Pekko cluster, and
 * publishes the archive where the launcher looks it up ({@code sluice.localhost.class-data-sharing}).
 * It never fails the build: when the archive cannot be recorded it says why and exits with 0,
 * and the first launch records it instead.
 */
public final class RecordClassData {

    private static final String WORKLOAD = "--workload";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private RecordClassData() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(WORKLOAD)) {
            try {
                runWorkload();
            } catch (RuntimeException e) {
                e.printStackTrace();
                System.exit(1);
            }
            System.exit(0); // the archive is written as the JVM exits
        }
        Outcome outcome;
        try {
            outcome = record(System.getProperty("java.class.path"), ConfigFactory.load(), TIMEOUT);
        } catch (RuntimeException e) {
            outcome = new Outcome(false, "not recorded: " + e);
        }
        System.out.println("[sluice] class data sharing archive " + outcome.message()
                + (outcome.recorded() ? "" : "; the first launch records it instead"));
    }

    /** What {@link #record} did. */
    record Outcome(boolean recorded, String message) {
    }

    /** Records the archive for {@code classpath}, unless it is there already or cannot be made. */
    static Outcome record(String classpath, Config config, Duration timeout) {
        Optional<ClassDataArchive> found = ClassDataArchive.configured(config, classpath);
        if (found.isEmpty()) {
            return new Outcome(false, "not recorded: disabled, a directory on the class path, or "
                    + "sluice.localhost.class-data-sharing.dir cannot be written");
        }
        ClassDataArchive archive = found.get();
        if (archive.exists()) {
            return new Outcome(true, "already recorded: " + archive.path());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LaunchCommand.JVM_LOGGING);
        command.addAll(config.getStringList("sluice.localhost.jvm-options"));
        command.addAll(archive.options(true));
        command.addAll(List.of("-cp", classpath, RecordClassData.class.getName(), WORKLOAD));
        Optional<String> failure = run(command, timeout);
        if (failure.isEmpty()) {
            archive.publish();
        }
        archive.discardRecording();
        if (failure.isPresent()) {
            return new Outcome(false, "not recorded: " + failure.get());
        }
        return archive.exists() ? new Outcome(true, "recorded: " + archive.path())
                : new Outcome(false, "not recorded: the JVM wrote no archive");
    }

    /** Runs {@code command}; empty when it exited with 0 in time, else what went wrong. */
    private static Optional<String> run(List<String> command, Duration timeout) {
        java.lang.Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.of("could not start " + command.get(0) + ": " + e.getMessage());
        }
        ArrayDeque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (tail) {
                        if (tail.size() == 10) {
                            tail.pollFirst();
                        }
                        tail.addLast(line);
                    }
                }
            } catch (IOException e) {
                // the JVM is gone
            }
        }, "sluice-record-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return Optional.of("the recording JVM did not finish within " + timeout);
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        if (process.exitValue() != 0) {
            synchronized (tail) {
                return Optional.of("the recording JVM exited with code " + process.exitValue() + ": "
                        + String.join(" | ", tail));
            }
        }
        return Optional.empty();
    }

    /** The source's tag. */
    static final class Source {
    }

    /** The workers' tag. */
    static final class Worker {
    }

    /**
     * What a member does, so that the archive holds the classes members load: a process spreads
     * numbers over a cluster of two, which sends them back, over Artery between three ActorSystems.
     */
    private static void runWorkload() {
        FlowBuilder flow = new FlowBuilder();
        Process<Source> source = flow.process(Source.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        AtomicLong sum = new AtomicLong();
        source.sourceIter(IntStream.range(0, 100).boxed().toList())
              .roundRobin(workers)
              .map(n -> n * 2)
              .sendAnonymous(source)
              .forEach(sum::addAndGet);
        try (Deployment deployment = new Deployment()) {
            flow.withProcess(source, deployment.inJvm())
                .withCluster(workers, Collections.nCopies(2, deployment.inJvm()))
                .deploy(deployment);
            deployment.deploy();
            deployment.start();
            if (!deployment.awaitCompletion(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the recording flow did not complete within 60 s");
            }
        }
        if (sum.get() != 9900) {
            throw new IllegalStateException("the recording flow summed " + sum.get() + " instead of 9900");
        }
    }
}
