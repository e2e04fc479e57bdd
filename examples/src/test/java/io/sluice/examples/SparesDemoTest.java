package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Failover across real JVMs: {@link SparesDemo} runs as one JVM per member plus a spare, and the
 * test kills worker JVMs with SIGKILL while the flow runs, as an operator's {@code kill -9} or a
 * crashed machine would. With a spare, every lost worker runs again elsewhere and the result is
 * exact; without one, the flow fails, naming the member.
 */
class SparesDemoTest {

    private static final Duration RUN = Duration.ofMinutes(3);
    private static final String LEADER = "[io.sluice.examples.SparesDemo.Leader (process 0)] ";
    private static final String WORKER = "[io.sluice.examples.SparesDemo.Worker (cluster 1) / ";
    private static final Pattern RESTARTED = Pattern.compile("restarted \\Q" + WORKER + "\\E(\\d)\\] on "
            + "(pekko://sluice@127\\.0\\.0\\.1:\\d+) \\(lost on (pekko://sluice@127\\.0\\.0\\.1:\\d+)\\) from "
            + "(snapshot \\d+|its beginning), running again [\\d,]+ ms after the loss was noticed");

    @Test
    void twoKilledWorkersRunAgainElsewhereAndEveryKeysCountIsExact() throws Exception {
        try (JvmRun run = JvmRun.start(SparesDemo.class, List.of(), "20000000", "keyed", "1")) {
            run.awaitLine(l -> l.equals(LEADER + "dealt 30%"), RUN);
            kill(run, 1);
            awaitRunningAgain(run);
            kill(run, 2);
            assertEquals(0, run.awaitExit(RUN), () -> "exit code; standard error:\n" + String.join("\n", run.err()));

            assertTrue(run.out().contains(LEADER + "keyed: 10000 keys, 20000000 elements, 0 wrong counts: exact"),
                    () -> "the leader's checked result:\n" + String.join("\n", run.out()));
            List<Matcher> restarts = run.out().stream().map(RESTARTED::matcher).filter(Matcher::matches).toList();
            assertEquals(List.of("1", "2"), restarts.stream().map(m -> m.group(1)).toList(),
                    () -> "each lost worker restarted once, in order:\n" + String.join("\n", run.out()));
            for (Matcher m : restarts) {
                assertNotEquals(m.group(3), m.group(2), "restarted on another node");
            }
            assertTrue(run.err().stream().noneMatch(l -> l.contains("ERROR")),
                    () -> "a flow that survives its losses logs no error:\n" + String.join("\n", run.err()));
            run.assertNoChildLeftBehind(Duration.ofSeconds(10));
        }
    }

    @Test
    void withoutASpareAKilledWorkerFailsTheFlowNamingIt() throws Exception {
        try (JvmRun run = JvmRun.start(SparesDemo.class, List.of(), "20000000", "sum", "0")) {
            run.awaitLine(l -> l.equals(LEADER + "dealt 30%"), RUN);
            kill(run, 1);
            assertNotEquals(0, run.awaitExit(RUN), "a failed flow's program exits with an error");
            String err = String.join("\n", run.err());
            assertTrue(err.contains("member " + WORKER + "1] (a JVM on this machine, pid ")
                    && err.contains("exited with code 137 before the flow completed"), err);
            assertTrue(run.out().stream().noneMatch(l -> l.startsWith(LEADER + "sum:")), "no result from a failed flow");
            run.assertNoChildLeftBehind(Duration.ofSeconds(10));
        }
    }

    /**
     * Waits until the coordinator has logged the first restart and the leader has dealt another
     * tenth since: the restarted flow (from a snapshot or its beginning) is running.
     */
    private static void awaitRunningAgain(JvmRun run) throws InterruptedException {
        run.awaitErrorLine(l -> l.contains(" was lost on "), RUN);
        int seen = run.out().size();
        run.awaitLine(l -> run.out().stream().skip(seen).anyMatch(o -> o.startsWith(LEADER + "dealt ")), RUN);
    }

    /** Kills worker {@code member}'s JVM with SIGKILL. */
    private static void kill(JvmRun run, int member) {
        ProcessHandle worker = run.descendants().stream()
                .filter(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(" -Dsluice.node.location=1 ")
                        && c.contains(" -Dsluice.node.member=" + member + " ")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JVM of worker " + member + " among " + run.descendants()));
        assertTrue(worker.destroyForcibly(), "SIGKILL sent to worker " + member);
    }
}
