package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downed means gone: a hand-started worker paused (SIGSTOP, as a long GC pause would) until the
 * rest of the cluster has downed it and the flow has gone on without it exits by itself soon
 * after it resumes (SIGCONT): its {@code startCtrlC()} throws, saying why, and a {@code main} that
 * lets it propagate exits with status 1, instead of staying
 * alive and silent.
 */
class DownedNodeTest {

    @TempDir
    Path dir;

    @Test
    void aPausedNodeThatWasDownedExitsWhenItResumes() throws Exception {
        int seed = JvmRun.freePort();
        Files.writeString(dir.resolve("cluster.conf"), """
                sluice.node {
                  seed-nodes = ["pekko://sluice@127.0.0.1:%d"]
                  cluster-sizes { "io.sluice.examples.WatchedForeverFlow.Worker" = 2 }
                }
                # Slow starts on a busy machine are not pauses; the 15 s SIGSTOP below is.
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = 5s
                # Downed 2 s after it is found unreachable, not the production 7 s: the claim is
                # about what the node does once downed, not about when.
                pekko.cluster.split-brain-resolver.stable-after = 2s
                """.formatted(seed));
        List<JvmRun> nodes = new ArrayList<>();
        try {
            nodes.add(node("leader", "Leader", 0, seed));
            nodes.add(node("worker-0", "Worker", 0, JvmRun.freePort()));
            nodes.add(node("worker-1", "Worker", 1, JvmRun.freePort()));
            JvmRun leader = nodes.get(0);
            JvmRun paused = nodes.get(2);
            paused.awaitLine(l -> l.endsWith("tick"), Duration.ofMinutes(2));

            signal("STOP", paused);
            leader.awaitLine(l -> l.endsWith("MemberId(1) LEFT"), Duration.ofMinutes(1));
            signal("CONT", paused);
            long resumed = System.nanoTime();
            int code = paused.awaitExit(Duration.ofSeconds(30));
            long seconds = (System.nanoTime() - resumed) / 1_000_000_000L;

            assertEquals(1, code, () -> "the downed node's exit code; its standard error:\n"
                    + String.join("\n", paused.err()));
            assertTrue(paused.err().stream().anyMatch(l -> l.contains("declared it lost; it cannot rejoin")),
                    () -> "a line says why; standard error:\n" + String.join("\n", paused.err()));
            assertTrue(seconds < 10, "the downed node exited " + seconds + " s after it resumed");
            assertTrue(leader.handle().isAlive() && nodes.get(1).handle().isAlive(), "the rest goes on");
        } finally {
            nodes.forEach(JvmRun::close);
        }
    }

    private static void signal(String signal, JvmRun node) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.handle().pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }

    private JvmRun node(String name, String location, int member, int port) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, """
                include "cluster.conf"
                sluice.node {
                  location = "io.sluice.examples.WatchedForeverFlow.%s"
                  member = %d
                  hostname = "127.0.0.1"
                  port = %d
                }
                """.formatted(location, member, port));
        return JvmRun.start(WatchedForeverFlow.class, List.of("-Dconfig.file=" + file));
    }

}
