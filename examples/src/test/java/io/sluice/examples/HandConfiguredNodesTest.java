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
