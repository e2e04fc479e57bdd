package io.sluice.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deployment.localhost()}: the program launches itself again in one JVM per member, and
 * the launcher prints each member's lines with its prefix. Every test checks that no child JVM
 * outlives the program.
 */
class LocalhostDeploymentTest {

    private static final Duration RUN = Duration.ofMinutes(3);
    private static final String WORKER = "[io.sluice.examples.FirstTenCluster.Worker (cluster 1) / ";
    private static final String LEADER = "[io.sluice.examples.FirstTenCluster.Leader (process 0)] ";

    @Test
    void firstTenClusterRunsAsFiveJvmsAndPrintsTheSeedTranscript() throws Exception {
        try (JvmRun run = JvmRun.start(FirstTenCluster.class, List.of())) {
            assertEquals(0, run.awaitExit(RUN), () -> "exit code; standard error:\n" + String.join("\n", run.err()));
            List<String> out = run.out();
            List<List<String>> shares = List.of(List.of("0", "8", "16"), List.of("2", "10", "18"), List.of("4", "12"),
                    List.of("6", "14"));
            for (int k = 0; k < 4; k++) {
                String prefix = WORKER + k + "] ";
                assertEquals(shares.get(k), out.stream().filter(l -> l.startsWith(prefix))
                        .map(l -> l.substring(prefix.length())).toList(), "worker " + k);
            }
            List<Integer> atLeader = new ArrayList<>(out.stream().filter(l -> l.startsWith(LEADER))
                    .map(l -> Integer.parseInt(l.substring(LEADER.length()))).toList());
            Collections.sort(atLeader);
            assertEquals(List.of(0, 2, 4, 6, 8, 10, 12, 14, 16, 18), atLeader);
            assertEquals(20, out.size(), () -> "only the transcript on standard output:\n" + String.join("\n", out));
            assertTrue(run.err().stream().noneMatch(l -> l.contains("ERROR") || l.contains("WARN")),
                    () -> "a run that succeeds reports no error or warning:\n" + String.join("\n", run.err()));
            Set<ProcessHandle> children = run.descendants();
            assertEquals(5, children.size(), "one JVM per member");
            run.assertNoChildLeftBehind(Duration.ofSeconds(10));
        }
    }

    @Test
    void firstTenDistributedRunsAsTwoJvms() throws Exception {
        try (JvmRun run = JvmRun.start(FirstTenDistributed.class, List.of())) {
            assertEquals(0, run.awaitExit(RUN), () -> "exit code; standard error:\n" + String.join("\n", run.err()));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add("[io.sluice.examples.FirstTenDistributed.P2 (process 1)] " + i);
            }
            assertEquals(expected, run.out());
            run.assertNoChildLeftBehind(Duration.ofSeconds(10));
        }
    }

    @Test
    void childrenStopWhenTheLauncherIsKilled() throws Exception {
        try (JvmRun run = JvmRun.start(SlowFlow.class, List.of())) {
            run.awaitLine(l -> l.startsWith("[io.sluice.examples.SlowFlow.Worker (cluster 1) / 1] "), RUN);
            Set<ProcessHandle> children = run.descendants();
            assertEquals(3, children.size(), "one JVM per member");
            run.kill();
            JvmRun.assertNoneAlive(children, Duration.ofSeconds(20), "child JVMs outlived their launcher");
        }
    }

    @Test
    void aMemberWhoseJvmDiesFailsTheDeploymentWithItsExitCode() throws Exception {
        try (JvmRun run = JvmRun.start(SlowFlow.class, List.of(), "crash")) {
            assertEquals(1, run.awaitExit(RUN));
            String failure = run.err().stream().filter(l -> l.startsWith("FLOW FAILED: ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no failure reported:\n" + String.join("\n", run.err())));
            assertTrue(failure.contains("member [io.sluice.examples.SlowFlow.Worker (cluster 1) / 1] (a JVM on this machine, pid "),
                    failure);
            assertTrue(failure.contains("exited with code 7 before the flow completed"), failure);
            assertTrue(run.err().stream().noneMatch(l -> l.contains("the launcher is gone")),
                    () -> "the members the launcher stopped think it died:\n" + String.join("\n", run.err()));
            run.assertNoChildLeftBehind(Duration.ofSeconds(10));
        }
    }

    @Test
    void aMemberWhoseJvmDiesLeavesAFlowThatWatchesItsClusterWhichCompletesWithoutIt() throws Exception {
        String leader = "[io.sluice.examples.SlowFlow.Leader (process 0)] ";
        String worker = "[io.sluice.examples.SlowFlow.Worker (cluster 1) / ";
        try (JvmRun run = JvmRun.start(SlowFlow.class, JvmRun.QUICK_DETECTION, "crash", "watch", "40")) {
            assertEquals(0, run.awaitExit(RUN), () -> "exit code; standard error:\n" + String.join("\n", run.err()));
            List<String> out = run.out();
            assertEquals(List.of("MemberId(0) JOINED", "MemberId(1) JOINED", "MemberId(1) LEFT"),
                    out.stream().filter(l -> l.startsWith(leader)).map(l -> l.substring(leader.length())).toList());
            List<Integer> second = out.stream().filter(l -> l.startsWith(worker + "1] "))
                    .map(l -> Integer.parseInt(l.substring(worker.length() + 3))).toList();
            assertEquals(List.of(1), second, "worker 1 printed its first element, then died on its second");
            List<Integer> first = out.stream().filter(l -> l.startsWith(worker + "0] "))
                    .map(l -> Integer.parseInt(l.substring(worker.length() + 3))).toList();
            assertEquals(39, first.get(first.size() - 1), "worker 0 took the rest, to the last number");
            assertTrue(first.size() > 20, "worker 0 took over worker 1's share: " + first);
            String err = String.join("\n", run.err());
            assertTrue(err.contains("exited with code 7 before the flow completed; the flow goes on without it"), err);
            assertTrue(err.contains("left the flow before acknowledging"), err);
            run.assertNoChildLeftBehind(Duration.ofSeconds(10));
        }
    }
}
