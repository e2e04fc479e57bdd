package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import io.sluice.deploy.FlowRun;
import io.sluice.examples.KeyValueStore.Client;
import io.sluice.examples.KeyValueStore.Replica;
import io.sluice.examples.KeyValueStore.Sequencer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's invariant under concurrent clients: the sequencer's log, applied in order to one
 * sequential map, gives every answer the replicas sent, each get is answered exactly once, and
 * every replica ends with the sequential map's contents.
 */
class KeyValueStoreTest {

    private static final int CLIENTS = 3;
    private static final int REPLICAS = 3;
    private static final int REQUESTS = 60;
    private static final Pattern LOG = Pattern.compile("v(\\d+) (c\\d+#\\d+) (put|get) (k\\d)(?:=(\\S+))?");
    private static final Pattern ANSWER = Pattern.compile("(c\\d+#\\d+) get (k\\d) = (none|(\\S+) \\(v(\\d+)\\))");
    private static final Pattern ROW = Pattern.compile("(k\\d) = (\\S+) \\(v(\\d+)\\)");

    @Test
    void everyAnswerAndEveryReplicaAgreeWithTheLogAppliedInOrder() {
        FlowBuilder flow = new FlowBuilder();
        Cluster<Client> clients = flow.cluster(Client.class);
        Process<Sequencer> sequencer = flow.process(Sequencer.class);
        Cluster<Replica> replicas = flow.cluster(Replica.class);
        KeyValueStore.keyValueStore(clients, sequencer, replicas, REQUESTS, 5);
        List<String> log;
        List<List<String>> answers = new ArrayList<>();
        List<List<String>> tables = new ArrayList<>();
        try (FlowRun run = FlowRun.of(flow).cluster(clients, CLIENTS).process(sequencer).cluster(replicas, REPLICAS)
                .start()) {
            run.awaitCompletion(Duration.ofSeconds(90));
            Deployment deployment = run.deployment();
            log = deployment.stdout(sequencer);
            for (int c = 0; c < CLIENTS; c++) {
                answers.add(deployment.stdout(clients, c));
            }
            for (int r = 0; r < REPLICAS; r++) {
                tables.add(deployment.stdout(replicas, r));
            }
        }

        // the log, applied in order
        assertEquals(CLIENTS * REQUESTS, log.size(), "every request is in the log once");
        Map<String, String> map = new TreeMap<>();
        Map<String, String> expectedAnswers = new HashMap<>();
        for (int v = 0; v < log.size(); v++) {
            Matcher m = LOG.matcher(log.get(v));
            assertTrue(m.matches(), log.get(v));
            assertEquals(v, Integer.parseInt(m.group(1)), "versions follow the log");
            if (m.group(3).equals("put")) {
                map.put(m.group(4), m.group(5) + " (v" + v + ")");
            } else {
                expectedAnswers.put(m.group(2), map.getOrDefault(m.group(4), "none"));
            }
        }

        Map<String, String> actualAnswers = new HashMap<>();
        for (int c = 0; c < CLIENTS; c++) {
            for (String line : answers.get(c)) {
                Matcher m = ANSWER.matcher(line);
                assertTrue(m.matches(), line);
                assertTrue(m.group(1).startsWith("c" + c + "#"), "an answer reached the client that asked: " + line);
                String before = actualAnswers.put(m.group(1), m.group(3));
                assertEquals(null, before, "answered twice: " + m.group(1));
            }
        }
        assertTrue(expectedAnswers.size() > 20, "the clients made gets: " + expectedAnswers.size());
        assertEquals(expectedAnswers, actualAnswers);

        for (int r = 0; r < REPLICAS; r++) {
            Map<String, String> table = new TreeMap<>();
            for (String line : tables.get(r)) {
                Matcher m = ROW.matcher(line);
                assertTrue(m.matches(), line);
                table.put(m.group(1), m.group(2) + " (v" + m.group(3) + ")");
            }
            assertEquals(map, table, "replica " + r + " ends with the log's map");
        }
    }
}
