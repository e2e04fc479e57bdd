package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults are reported with where and why, and the deployment fails instead of hanging. */
class FailureTest {

    /** The coordinator's report of each failure, expected here: printed only if unexpected. */
    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("flow failed: ");

    static final class Leader {
    }

    static final class Worker {
    }

    @Test
    void anExceptionInUserCodeFailsTheFlowNamingMemberOperatorAndCause() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(List.of(1, 2, 3, 4))
              .roundRobin(workers)
              .map(x -> {
                  if (workers.selfId().raw() == 1) {
                      throw new IllegalStateException("boom on " + x);
                  }
                  return x;
              })
              .sendAnonymous(leader)
              .forEach(x -> { });
        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 2).start()) {
            FlowFailedException e = run.awaitFailure(Duration.ofSeconds(60));
            assertTrue(e.getMessage().startsWith("[io.sluice.deploy.FailureTest.Worker (cluster 1) / 1]: map at FailureTest.java:"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("java.lang.IllegalStateException: boom on 2"), e.getMessage());
        }
    }

    /**
     * The map and the filter run in the source's actor (chained): a failure is still reported as
     * that of the operator that failed, as when each has an actor of its own.
     */
    @Test
    void aChainedOperatorsFailureNamesThatOperator() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        leader.sourceIter(List.of(1, 2, 3, 4))
              .map(x -> x == 3 ? null : x)
              .filter(x -> x > 0)
              .forEach(x -> { });
        try (FlowRun run = FlowRun.of(flow).process(leader).start()) {
            FlowFailedException e = run.awaitFailure(Duration.ofSeconds(60));
            assertTrue(e.getMessage().contains("]: map at FailureTest.java:"), e.getMessage());
            assertTrue(e.getMessage().contains("produced null: streams carry no nulls"), e.getMessage());
        }

        FlowBuilder second = new FlowBuilder();
        Process<Leader> other = second.process(Leader.class);
        other.sourceIter(List.of(1, 2, 3, 4))
             .map(x -> x * 10)
             .filter(x -> {
                 if (x == 30) {
                     throw new IllegalArgumentException("no thirties");
                 }
                 return true;
             })
             .map(x -> x + 1)
             .forEach(x -> { });
        try (FlowRun run = FlowRun.of(second).process(other).start()) {
            FlowFailedException e = run.awaitFailure(Duration.ofSeconds(60));
            assertTrue(e.getMessage().contains("]: filter at FailureTest.java:"), e.getMessage());
            assertTrue(e.getMessage().contains("java.lang.IllegalArgumentException: no thirties"), e.getMessage());
        }
    }

    @Test
    void demuxToAMemberThatDoesNotExistFailsTheFlow() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(List.of(1, 7))
              .map(x -> KV.of(MemberId.<Worker>of(x), x))
              .<Worker, Integer>demux(workers)
              .forEach(x -> { });
        try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 2).start()) {
            FlowFailedException e = run.awaitFailure(Duration.ofSeconds(60));
            assertTrue(e.getMessage().contains("demux at FailureTest.java:"), e.getMessage());
            assertTrue(e.getMessage().contains("names member 7, but the target cluster has members 0..1"), e.getMessage());
        }
    }

    @Test
    void membersThatDoNotJoinInTimeAreNamed() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(List.of(1)).broadcast(workers).forEach(x -> { });
        FlowFailedException e = assertThrows(FlowFailedException.class,
                () -> FlowRun.of(flow).config("sluice.join-timeout = 1ms").process(leader).cluster(workers, 2).start());
        assertTrue(e.getMessage().startsWith("not every member joined within sluice.join-timeout; missing: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("io.sluice.deploy.FailureTest.Worker (cluster 1) member(s) 0, 1"),
                e.getMessage());
    }
}
