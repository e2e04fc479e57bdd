package io.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bench entry point: each workload on Sluice (in-jvm) side by side with its peers, in one
 * run ({@link SideBySide}: warm-ups of each, then runs alternating the systems, medians with
 * min–max, Sluice's ratios against each peer). W1 runs on Sluice, the hand-written
 * {@link Baseline} and Flink; W4 ({@link W4Keyed}) and W5 ({@link W5Records}) on Sluice and
 * Flink; then W2's per-element round trips ({@link W2Latency}). Flink runs in a JVM of its own
 * ({@link FlinkJvm}) when {@code bench/flink} was built, and is left out, with a note, when it
 * was not or when {@code -Dbench.flink=off}. CPU per element is the CPU time of the JVM doing the
 * work over the run divided by N. Every run checks its result exactly; a wrong one ends the
 * bench with {@code BENCH FAILED} and a non-zero exit.
 *
 * <pre>
 * Bench [N=10_000_000] [runs=3] [warm-ups=1] [W2 elements=20_000] [W2 warm-up elements=2_000]
 * </pre>
 *
 * {@code -Dbench.workloads=W1,W4,W5,W2} (the default) chooses the workloads.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int n = Args.elements(args, 0, 10_000_000);
            int runs = (int) Args.positive(args, 1, 3, "runs");
            int warmUps = (int) Args.positive(args, 2, 1, "warm-ups");
            int w2Elements = Args.elements(args, 3, 20_000);
            int w2WarmUp = Args.elements(args, 4, 2_000);
            Set<String> workloads = Set.of(System.getProperty("bench.workloads", "W1,W4,W5,W2").split(","));
            List<String> tables = new ArrayList<>();
            try (FlinkJvm flink = flink(workloads).orElse(null)) {
                if (workloads.contains("W1")) {
                    tables.add(SideBySide.measure("W1 throughput, in-jvm", n, runs, warmUps,
                            contenders(new SideBySide.Contender("Sluice", size -> W1Throughput.run(size, false)),
                                    Optional.of(new SideBySide.Contender("baseline", Baseline::run)), flink, "W1")));
                }
                if (workloads.contains("W4")) {
                    tables.add(SideBySide.measure("W4 keyed, in-jvm", n, runs, warmUps,
                            contenders(new SideBySide.Contender("Sluice", W4Keyed::run), Optional.empty(), flink, "W4")));
                }
                if (workloads.contains("W5")) {
                    tables.add(SideBySide.measure("W5 records, in-jvm", n, runs, warmUps,
                            contenders(new SideBySide.Contender("Sluice", W5Records::run), Optional.empty(), flink, "W5")));
                }
            }
            for (String table : tables) {
                System.out.println();
                System.out.println(table);
            }
            if (workloads.contains("W2")) {
                System.out.println();
                System.out.println("W2 latency, in-jvm, " + w2Elements + " elements one at a time after " + w2WarmUp
                        + " warm-up elements");
                System.out.println("W2 " + W2Latency.run(w2Elements, w2WarmUp).describe());
            }
        });
    }

    private static List<SideBySide.Contender> contenders(SideBySide.Contender sluice, Optional<SideBySide.Contender> baseline,
                                                         FlinkJvm flink, String workload) {
        List<SideBySide.Contender> all = new ArrayList<>(List.of(sluice));
        baseline.ifPresent(all::add);
        if (flink != null) {
            all.add(new SideBySide.Contender("Flink", size -> flink.run(workload, size)));
        }
        return all;
    }

    /** The Flink peer, when a workload it runs is chosen, it is built and not turned off. */
    private static Optional<FlinkJvm> flink(Set<String> workloads) throws java.io.IOException {
        if ("off".equals(System.getProperty("bench.flink")) || !(workloads.contains("W1") || workloads.contains("W4")
                || workloads.contains("W5"))) {
            return Optional.empty();
        }
        Optional<java.nio.file.Path> dir = FlinkJvm.built();
        if (dir.isEmpty()) {
            System.out.println("Flink peer not built (bench/check.sh --flink builds it): running without Flink");
            return Optional.empty();
        }
        return Optional.of(FlinkJvm.start(dir.get()));
    }
}
