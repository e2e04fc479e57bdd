package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.FlowRun;
import io.sluice.examples.ComputePi.Leader;
import io.sluice.examples.ComputePi.Worker;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ComputePi in an in-JVM cluster: every trial is counted once and the estimate converges. */
class ComputePiTest {

    private static final Pattern LINE = Pattern.compile("pi ~ (\\d+\\.\\d+) after (\\d+) trials");

    @Test
    void theEstimateConvergesAndCountsEveryTrialOnce() {
        int rounds = 200;
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        ComputePi.computePi(leader, workers, rounds, 42);
        List<String> lines;
        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 4).start()) {
            run.awaitCompletion(Duration.ofSeconds(90));
            lines = run.deployment().stdout(leader);
        }
        assertFalse(lines.isEmpty(), "the leader printed no estimate");
        long previous = 0;
        double estimate = 0;
        long trials = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), "unexpected line: " + line);
            estimate = Double.parseDouble(m.group(1));
            trials = Long.parseLong(m.group(2));
            assertTrue(trials > previous, "each estimate has more trials than the one before: " + lines);
            previous = trials;
        }
        assertEquals(4L * rounds * ComputePi.TRIALS_PER_ROUND, trials, "the last estimate counts every trial once");
        assertEquals(Math.PI, estimate, 0.01);
    }

    @Test
    void theTrialsOfARoundDependOnlyOnTheSeedWorkerAndRound() {
        assertEquals(ComputePi.throwDarts(42, 1, 7), ComputePi.throwDarts(42, 1, 7));
        assertFalse(ComputePi.throwDarts(42, 1, 7).equals(ComputePi.throwDarts(42, 2, 7)));
    }
}
