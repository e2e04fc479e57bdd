package io.sluice.plan;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FlowPlanTest {

    static final class Leader {
    }

    static final class Worker {
    }

    @Test
    void networkNodesBecomeReceiversFedByEveryMemberOfTheSendingLocation() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        var doubled = leader.sourceIter(List.of(1)).roundRobin(workers).map(n -> n * 2);
        doubled.sendAnonymous(leader).forEach(n -> { });
        doubled.forEach(n -> { });
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1, 4));

        // 0 source @leader -> 1 roundRobin receiver @workers (4 targets)
        assertEquals(List.of(new FlowPlan.EdgePlan(1, 1, 0, EdgeKind.ROUND_ROBIN, 4, plan.graph().node(1).origin())),
                plan.operators().get(0).edges());
        assertEquals(List.of(new FlowPlan.PortPlan(0, 0, 1, 0, true)), plan.operators().get(1).ports());
        // 2 map @workers feeds the anonymous send (to 1 target) and a local forEach
        List<FlowPlan.EdgePlan> mapEdges = plan.operators().get(2).edges();
        assertEquals(EdgeKind.TO_PROCESS, mapEdges.get(0).kind());
        assertEquals(1, mapEdges.get(0).targets());
        assertEquals(EdgeKind.LOCAL, mapEdges.get(1).kind());
        // 3 the leader's receiver has one sender per worker
        assertEquals(List.of(new FlowPlan.PortPlan(2, 1, 4, 0, true)), plan.operators().get(3).ports());
        assertEquals(List.of(new FlowPlan.PortPlan(2, 1, 1, 1, false)), plan.operators().get(5).ports());
        assertEquals(List.of(1, 2, 5), plan.operatorsAt(1).stream().map(o -> o.node().id()).toList());
        assertEquals(5, plan.allMembers().size());
    }

    @Test
    void aForwardReferenceClosesALoopWhoseRegionHoldsEverythingUpstream() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        var back = leader.<Integer>forwardRef();                                    // 0 cycle
        var all = leader.sourceIter(List.of(1)).union(back.stream());               // 1 source, 2 union
        var done = all.roundRobin(workers).map(x -> x - 1).sendAnonymous(leader);  // 3 rr, 4 map, 5 send
        back.complete(done.filter(x -> x > 0));                                     // 6 filter
        done.forEach(x -> { });                                                     // 7 forEach
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1, 2));

        LoopPlan loop = plan.loops().get(0);
        assertEquals(1, plan.loops().size());
        assertEquals(List.of(0, 2, 3, 4, 5, 6), loop.nodes());
        assertEquals(List.of(0), loop.cycles());
        // the region adds what feeds the loop (the source), not what it feeds (the forEach)
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), loop.region());
        assertEquals(List.of(), FlowPlan.of(flow.build(), List.of(1, 2)).ticks());
    }

    @Test
    void aTickWhoseEntryIsFedByItsOwnExitClosesALoopWithoutAForwardReference() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        var tick = workers.tick();
        var out = leader.sourceIter(List.of(1)).roundRobin(workers).batch(tick).allTicks().sendAnonymous(leader);
        out.broadcast(workers).batch(tick).count().intoStream().allTicks().forEach(n -> { });
        var plain = workers.tick();
        leader.sourceIter(List.of(2)).roundRobin(workers).batch(plain).allTicks().forEach(n -> { });
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1, 2));

        assertEquals(1, plan.loops().size(), "the second tick feeds nothing back into itself");
        LoopPlan loop = plan.loops().get(0);
        assertEquals(List.of(), loop.cycles());
        // the first tick's exit (3), the anonymous and broadcast receivers (4, 5), and the entry they
        // feed (6), whose end the exit waits for through the clock
        assertEquals(List.of(3, 4, 5, 6), loop.nodes());
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), loop.region());
    }
}
