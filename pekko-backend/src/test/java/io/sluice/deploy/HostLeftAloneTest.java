package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * A library leaves its host alone: after a deployment ran in this JVM, an application's own
 * ActorSystem made with the default configuration is a plain local one (no cluster, no port),
 * and {@code System.out} is the JVM's stream again.
 */
class HostLeftAloneTest {

    static final class Leader {
    }

    static final class Worker {
    }

    @Test
    void anApplicationsActorSystemAfterADeploymentIsLocalAndOpensNoPort() {
        PrintStream before = System.out;
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(List.of(1, 2, 3)).roundRobin(workers).map(n -> n * 2).sendAnonymous(leader).forEach(n -> { });
        FlowRun.of(flow).process(leader).cluster(workers, 2).toCompletion(Duration.ofSeconds(60));
        assertSame(before, System.out, "System.out is the JVM's own stream once the deployment is closed");

        ActorSystem<Void> app = ActorSystem.create(Behaviors.empty(), "application");
        try {
            assertEquals("local", app.settings().config().getString("pekko.actor.provider"));
            assertTrue(app.address().port().isEmpty(), "a local system opens no port: " + app.address());
            assertEquals("INFO", app.settings().config().getString("pekko.loglevel"), "Pekko's own default level");
        } finally {
            app.terminate();
        }
    }
}
