package io.sluice.examples;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.FlowRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FirstTenTest {

    @Test
    void printsTheFirstTenNumbersDoubledInOrder() {
        FlowBuilder flow = new FlowBuilder();
        Process<FirstTen.P1> process = flow.process(FirstTen.P1.class);
        FirstTen.firstTen(process);
        try (FlowRun run = FlowRun.of(flow).process(process).start()) {
            run.awaitCompletion(Duration.ofSeconds(60));
            assertEquals(List.of("0", "2", "4", "6", "8", "10", "12", "14", "16", "18"), run.deployment().stdout(process));
        }
    }
}
