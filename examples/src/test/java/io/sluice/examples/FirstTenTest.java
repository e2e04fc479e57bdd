package io.sluice.examples;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstTenTest {

    @Test
    void printsTheFirstTenNumbersDoubledInOrder() {
        FlowBuilder flow = new FlowBuilder();
        Process<FirstTen.P1> process = flow.process(FirstTen.P1.class);
        FirstTen.firstTen(process);
        try (Deployment deployment = new Deployment()) {
            flow.withProcess(process, deployment.inJvm()).deploy(deployment);
            deployment.deploy();
            deployment.start();
            assertTrue(deployment.awaitCompletion(Duration.ofSeconds(60)));
            assertEquals(List.of("0", "2", "4", "6", "8", "10", "12", "14", "16", "18"), deployment.stdout(process));
        }
    }
}
