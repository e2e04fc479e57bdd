package io.sluice.examples;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.FlowRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FirstTenDistributedTest {

    @Test
    void theSecondProcessPrintsWhatTheFirstSentInOrder() {
        FlowBuilder flow = new FlowBuilder();
        Process<FirstTenDistributed.P1> p1 = flow.process(FirstTenDistributed.P1.class);
        Process<FirstTenDistributed.P2> p2 = flow.process(FirstTenDistributed.P2.class);
        FirstTenDistributed.firstTenDistributed(p1, p2);
        try (FlowRun run = FlowRun.of(flow).process(p1).process(p2).start()) {
            run.awaitCompletion(Duration.ofSeconds(60));
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), run.deployment().stdout(p2));
            assertEquals(List.of(), run.deployment().stdout(p1));
        }
    }
}
