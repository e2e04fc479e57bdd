package io.sluice.testkit;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's example: three members, each one's typed output asserted. */
class ThreeMembersExampleTest {

    static final class Leader {
    }

    static final class Worker {
    }


    @RegisterExtension
    static final FlowTestKit kit = FlowTestKit.withSystems(3);

    @Test
    void eachWorkerDoublesItsShare() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        ClusterOutput<Integer, Worker> doubled =
                kit.collect(leader.sourceIter(List.of(0, 1, 2, 3, 4, 5)).roundRobin(workers).map(n -> n * 2));
        kit.start(flow);
        doubled.assertYieldsOnly(List.of(0, 6), List.of(2, 8), List.of(4, 10));
    }
}
