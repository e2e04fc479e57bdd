package io.sluice.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-machine recipe on one machine: five JVMs started by hand, each from its own
 * configuration file in the form of {@code config/*.conf} (here with free ports), running the
 * runnable jar's entry point.
 */
class HandConfiguredNodesTest {

    @TempDir
    Path dir;

    @Test
    void fiveJvmsStartedFromConfigurationFilesRunFirstTenCluster() throws Exception {
        int seed = JvmRun.freePort();
        Files.writeString(dir.resolve("cluster.conf"), """
                sluice.node {
                  flow = "FirstTenCluster"
                  seed-nodes = ["pekko://sluice@127.0.0.1:%d"]
                  cluster-sizes { "io.sluice.examples.FirstTenCluster.Worker" = 4 }
                }
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s
                """.formatted(seed));
        List<JvmRun> nodes = new ArrayList<>();
        try {
            nodes.add(node("leader", "Leader", 0, seed));
            for (int k = 0; k < 4; k++) {
                nodes.add(node("worker-" + k, "Worker", k, JvmRun.freePort()));
            }
            for (JvmRun n : nodes) {
                assertEquals(0, n.awaitExit(Duration.ofMinutes(3)),
                        () -> "a node failed; its standard error:\n" + String.join("\n", n.err()));
            }
            List<List<String>> shares = List.of(List.of("0", "8", "16"), List.of("2", "10", "18"), List.of("4", "12"),
                    List.of("6", "14"));
            for (int k = 0; k < 4; k++) {
                List<String> expected = new ArrayList<>();
                for (String v : shares.get(k)) {
                    expected.add("[io.sluice.examples.FirstTenCluster.Worker (cluster 1) / " + k + "] " + v);
                }
                assertEquals(expected, nodes.get(k + 1).out(), "worker " + k);
            }
            String leader = "[io.sluice.examples.FirstTenCluster.Leader (process 0)] ";
            List<Integer> atLeader = new ArrayList<>(nodes.get(0).out().stream()
                    .map(l -> Integer.parseInt(l.substring(leader.length()))).toList());
            Collections.sort(atLeader);
            assertEquals(List.of(0, 2, 4, 6, 8, 10, 12, 14, 16, 18), atLeader);
        } finally {
            nodes.forEach(JvmRun::close);
        }
    }

    /**
     * The same recipe with a spare node ({@code spare = on} instead of a member id) for
     * {@link SparesDemo}'s workers: worker 1's JVM is killed mid-run, the others' failure
     * detector and split brain resolver down it (no launcher here to do it sooner), and worker 1
     * runs again on the spare; the leader's node, which hosts the coordinator, prints the exact
     * sum and the restart.
     */
    @Test
    void aSpareNodeStartedByHandTakesOverAKilledWorker() throws Exception {
        int seed = JvmRun.freePort();
        Files.writeString(dir.resolve("cluster.conf"), """
                sluice.node {
                  seed-nodes = ["pekko://sluice@127.0.0.1:%d"]
                  cluster-sizes { "io.sluice.examples.SparesDemo.Worker" = 4 }
                }
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = 4s
                pekko.cluster.split-brain-resolver.stable-after = 2s
                """.formatted(seed));
        String leaderPrefix = "[io.sluice.examples.SparesDemo.Leader (process 0)] ";
        List<JvmRun> nodes = new ArrayList<>();
        try {
            nodes.add(spareDemoNode("leader", "Leader", "member = 0", seed));
            for (int k = 0; k < 4; k++) {
                nodes.add(spareDemoNode("worker-" + k, "Worker", "member = " + k, JvmRun.freePort()));
            }
            nodes.add(spareDemoNode("spare", "Worker", "spare = on", JvmRun.freePort()));
            JvmRun leader = nodes.get(0);
            leader.awaitLine(l -> l.equals(leaderPrefix + "dealt 30%"), Duration.ofMinutes(3));
            nodes.get(2).close();
            assertEquals(0, leader.awaitExit(Duration.ofMinutes(3)),
                    () -> "the leader's node failed; its standard error:\n" + String.join("\n", leader.err()));
            assertTrue(leader.out().contains(leaderPrefix + "sum: 20000000 elements, sum 399999980000000: exact"),
                    () -> String.join("\n", leader.out()));
            assertTrue(leader.out().stream().anyMatch(l -> l.startsWith(
                    "restarted [io.sluice.examples.SparesDemo.Worker (cluster 1) / 1] on pekko://sluice@127.0.0.1:")),
                    () -> String.join("\n", leader.out()));
            for (int n : List.of(1, 3, 4, 5)) {
                JvmRun node = nodes.get(n);
                assertEquals(0, node.awaitExit(Duration.ofMinutes(1)),
                        () -> "a node failed; its standard error:\n" + String.join("\n", node.err()));
            }
        } finally {
            nodes.forEach(JvmRun::close);
        }
    }

    private JvmRun spareDemoNode(String name, String location, String member, int port) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, """
                include "cluster.conf"
                sluice.node {
                  location = "io.sluice.examples.SparesDemo.%s"
                  %s
                  hostname = "127.0.0.1"
                  port = %d
                }
                """.formatted(location, member, port));
        return JvmRun.start(RunFlow.class, List.of("-Dconfig.file=" + file), "SparesDemo", "20000000", "sum", "1");
    }

    private JvmRun node(String name, String location, int member, int port) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, """
                include "cluster.conf"
                sluice.node {
                  location = "io.sluice.examples.FirstTenCluster.%s"
                  member = %d
                  hostname = "127.0.0.1"
                  port = %d
                }
                """.formatted(location, member, port));
        return JvmRun.start(RunFlow.class, List.of("-Dconfig.file=" + file));
    }

}
