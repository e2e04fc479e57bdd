package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.FlowRun;
import io.sluice.examples.MapReduce.Leader;
import io.sluice.examples.MapReduce.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Word count: the leader's last total of every word equals a sequential count. */
class MapReduceTest {

    private static final String LEADER = "[io.sluice.examples.MapReduce.Leader (process 0)] ";

    private static Map<String, Long> sequentialCount(List<String> lines) {
        return lines.stream().flatMap(l -> MapReduce.words(l).stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** The last total printed for each word ("word: n" lines). */
    private static Map<String, Long> lastTotals(List<String> lines) {
        Map<String, Long> totals = new HashMap<>();
        for (String line : lines) {
            int colon = line.lastIndexOf(": ");
            totals.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 2)));
        }
        return totals;
    }

    @Test
    void countsEveryWordOfALongTextExactlyInAnInJvmCluster() {
        Random random = new Random(7);
        List<String> vocabulary = List.of("sluice", "hydro", "pekko", "tick", "batch", "stream", "singleton", "join",
                "cycle", "leader", "worker", "member", "actor", "credit", "window", "marker", "fold", "reduce");
        List<String> text = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = random.nextInt(12); w >= 0; w--) {
                line.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(w % 3 == 0 ? ", " : " ");
            }
            text.add(line.toString());
        }
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        MapReduce.mapReduce(leader, workers, text);
        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 3).start()) {
            run.awaitCompletion(Duration.ofSeconds(90));
            assertEquals(sequentialCount(text), lastTotals(run.deployment().stdout(leader)));
        }
    }

    @Test
    void runsAsFiveJvmsWithLocalhost() throws Exception {
        try (JvmRun run = JvmRun.start(MapReduce.class, List.of())) {
            assertEquals(0, run.awaitExit(Duration.ofMinutes(3)),
                    () -> "exit code; standard error:\n" + String.join("\n", run.err()));
            List<String> atLeader = run.out().stream().filter(l -> l.startsWith(LEADER))
                    .map(l -> l.substring(LEADER.length())).toList();
            assertEquals(sequentialCount(MapReduce.TEXT), lastTotals(atLeader));
            run.assertNoChildLeftBehind(Duration.ofSeconds(10));
        }
    }
}
