package io.sluice.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {

    static final class Leader {
    }

    static final class Worker {
    }

    @Test
    void roundRobinThereAndBack() {
        int runs = Simulation.fuzz(50).run(sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            SimInput<Integer, Leader> in = sim.input(leader);
            SimOutput<Integer> out = sim.output(in.stream().roundRobin(workers).map(n -> n * 2).sendAnonymous(leader));
            flow.withProcess(leader, sim.host()).withCluster(workers, Collections.nCopies(3, sim.host())).deploy(sim);
            in.sendAll(1, 2, 3);
            out.assertYieldsUnordered(2, 4, 6);
            in.close();
            sim.settle();
            assertTrue(sim.completed(), sim.trace());
        });
        assertEquals(50, runs);
    }

    @Test
    void printsPerMember() {
        Simulation.replay(7L).run(sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            leader.sourceIter(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)).roundRobin(workers).map(n -> n * 2)
                    .inspect(n -> System.out.println(n)).sendAnonymous(leader).forEach(n -> System.out.println(n));
            flow.withProcess(leader, sim.host()).withCluster(workers, Collections.nCopies(4, sim.host())).deploy(sim);
            sim.settle();
            assertEquals(List.of("0", "8", "16"), sim.stdout(workers, 0));
            assertEquals(10, sim.stdout(leader).size());
            assertTrue(sim.completed());
            System.err.println(sim.trace());
        });
    }
}
