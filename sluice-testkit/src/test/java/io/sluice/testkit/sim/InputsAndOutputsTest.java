package io.sluice.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.SourceQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** Inputs and outputs of simulated flows: handles, a user's own SourceQueue and destSink, printed lines per member. */
class InputsAndOutputsTest {

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
        });
    }

    @Test
    void aUsersSourceQueueAndDestSinkRunAsTheyWouldOnACluster() {
        Simulation.fuzz(20).run(sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            SourceQueue<Integer> queue = SourceQueue.bounded(16);
            List<Integer> got = new ArrayList<>();
            boolean[] completed = new boolean[1];
            leader.sourceQueue(queue).roundRobin(workers).map(n -> n + 1).sendAnonymous(leader)
                  .destSink(new Flow.Subscriber<Integer>() {
                      @Override
                      public void onSubscribe(Flow.Subscription s) {
                          s.request(Long.MAX_VALUE);
                      }

                      @Override
                      public void onNext(Integer item) {
                          got.add(item);
                      }

                      @Override
                      public void onError(Throwable t) {
                          throw new AssertionError(t);
                      }

                      @Override
                      public void onComplete() {
                          completed[0] = true;
                      }
                  });
            flow.withProcess(leader, sim.host()).withCluster(workers, Collections.nCopies(2, sim.host())).deploy(sim);
            queue.offer(1);
            queue.offer(2);
            queue.offer(3);
            queue.complete();
            sim.settle();
            assertEquals(List.of(2, 3, 4), got.stream().sorted().toList());
            assertTrue(completed[0], "the subscriber had its end");
            assertTrue(sim.completed());
        });
    }
}
