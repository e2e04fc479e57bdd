package io.sluice.bench;

import com.typesafe.config.ConfigFactory;
import io.sluice.deploy.Deployment;
import io.sluice.examples.SparesDemo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What snapshots cost a running flow: {@link SparesDemo}'s flows (1 leader + 4 workers + 1 spare,
 * one JVM each, or all in this JVM with {@code in-jvm}, nothing killed) with snapshots every {@code interval}, side by side with
 * snapshots off, alternating within each run. Printed per run: elements per second from the
 * start to the checked result for each, the ratio on/off, and the highest snapshot number seen
 * in the store while the flow ran (proof that snapshots were taken); then medians with min–max.
 *
 * <pre>
 * SnapshotBench [N=100_000_000] [runs=3] [w1|keyed] [interval=1s] [localhost|in-jvm]
 * </pre>
 */
public final class SnapshotBench {

    private static final String INTERVAL = "sluice.snapshots.interval";
    private static final String DIR = "sluice.snapshots.dir";

    private SnapshotBench() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int n = Args.elements(args, 0, 100_000_000);
            int runs = (int) Args.positive(args, 1, 3, "runs");
            boolean keyed = args.length > 2 && args[2].equals("keyed");
            String interval = args.length > 3 ? args[3] : "1s";
            boolean inJvm = args.length > 4 && args[4].equals("in-jvm");
            if (MemberJvm.active()) {
                run(n, keyed, false);
                return;
            }
            Path dir = Files.createTempDirectory("sluice-snapshot-bench");
            System.setProperty(DIR, dir.toString());
            System.out.printf(Locale.ROOT, "snapshot bench, %s, N = %,d, %d runs: snapshots every %s vs off;"
                    + " 1 leader + %d workers + 1 spare, %s%n", keyed ? "keyed count" : "W1", n, runs,
                    interval, SparesFlow.WORKERS, inJvm ? "all in this JVM" : "one JVM each");
            List<Double> on = new ArrayList<>();
            List<Double> off = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int r = 1; r <= runs; r++) {
                double withOff = 0;
                double withOn = 0;
                long taken = 0;
                // Alternate which goes first, so that neither always runs on a warmer machine.
                for (boolean snapshots : r % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    System.setProperty(INTERVAL, snapshots ? interval : "off");
                    ConfigFactory.invalidateCaches();
                    AtomicLong highest = new AtomicLong();
                    Thread watcher = watch(dir, highest);
                    double seconds;
                    try {
                        seconds = run(n, keyed, inJvm);
                    } finally {
                        watcher.interrupt();
                    }
                    double rate = n / seconds;
                    if (snapshots) {
                        withOn = rate;
                        taken = highest.get();
                        if (taken == 0) {
                            throw new IllegalStateException("no snapshot was seen in " + dir + " with snapshots on");
                        }
                    } else {
                        withOff = rate;
                        if (highest.get() != 0) {
                            throw new IllegalStateException("a snapshot was taken with snapshots off");
                        }
                    }
                }
                on.add(withOn);
                off.add(withOff);
                ratios.add(withOn / withOff);
                System.out.printf(Locale.ROOT, "run %d: off %.2f M/s, on %.2f M/s (snapshots up to #%d), on/off %.3f%n",
                        r, withOff / 1e6, withOn / 1e6, taken, withOn / withOff);
            }
            System.out.println("off " + spread(off, 1e6) + " M/s; on " + spread(on, 1e6) + " M/s; on/off "
                    + spread(ratios, 1));
        });
    }

    /** Runs the flow to its checked result; returns the seconds from its start. */
    private static double run(int n, boolean keyed, boolean inJvm) {
        try (Deployment deployment = new Deployment()) {
            SparesFlow flow = SparesFlow.deploy(deployment, n, keyed ? SparesFlow.Workload.KEYED : SparesFlow.Workload.W1,
                    inJvm);
            long started = System.nanoTime();
            deployment.start();
            W1Throughput.awaitCompletion(deployment, W1Throughput.timeLimit(3L * n));
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!MemberJvm.active()) {
                flow.checkedResult();
            }
            return seconds;
        }
    }

    /** A thread that records the highest snapshot number under {@code dir} (run/snapshot/part.snap) until interrupted. */
    private static Thread watch(Path dir, AtomicLong highest) {
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try (Stream<Path> files = Files.walk(dir, 3)) {
                    files.filter(p -> p.toString().endsWith(".snap"))
                         .mapToLong(p -> Long.parseLong(p.getParent().getFileName().toString()))
                         .max().ifPresent(max -> highest.accumulateAndGet(max, Math::max));
                } catch (IOException | UncheckedIOException | NumberFormatException e) {
                    // a run's directory removed while walking it: look again
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "snapshot-watcher");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    /** "median (min–max)" of {@code values} divided by {@code unit}. */
    private static String spread(List<Double> values, double unit) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "median %.3f (%.3f–%.3f)", sorted.get(sorted.size() / 2) / unit,
                sorted.get(0) / unit, sorted.get(sorted.size() - 1) / unit);
    }
}
