package io.sluice.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which operators run in the actor of the one before them. */
class ChainsTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<Leader> leader = flow.process(Leader.class);
    private final Cluster<Worker> workers = flow.cluster(Worker.class);

    private Chains chains() {
        FlowGraph graph = flow.build();
        List<Integer> sizes = graph.locations().stream().map(l -> l.kind() == io.sluice.dataflow.ir.LocationKind.CLUSTER ? 3 : 1).toList();
        return Chains.of(FlowPlan.of(graph, sizes));
    }

    private int idOf(Class<? extends Node> kind, int nth) {
        return flow.build().nodes().stream().filter(kind::isInstance).skip(nth).findFirst().orElseThrow().id();
    }

    @Test
    void elementWiseOperatorsRunInTheActorOfTheOperatorBeforeThem() {
        leader.sourceIter(List.of(1, 2))
              .map(x -> x + 1)
              .filter(x -> x > 0)
              .roundRobin(workers)
              .map(x -> x * 2L)
              .filterMap(Optional::of)
              .sendAnonymous(leader)
              .inspect(x -> { })
              .forEach(x -> { });
        Chains chains = chains();
        int source = idOf(Node.SourceIter.class, 0);
        assertEquals(List.of(idOf(Node.Map.class, 0), idOf(Node.Filter.class, 0)), chains.linksOf(source));
        int toWorkers = idOf(Node.Network.class, 0);
        assertEquals(List.of(idOf(Node.Map.class, 1), idOf(Node.FilterMap.class, 0)), chains.linksOf(toWorkers),
                "a network receiver heads the chain of what follows it");
        int toLeader = idOf(Node.Network.class, 1);
        assertEquals(List.of(idOf(Node.Inspect.class, 0), idOf(Node.ForEach.class, 0)), chains.linksOf(toLeader));
        assertTrue(chains.isLink(idOf(Node.Map.class, 1)));
        assertFalse(chains.isLink(toWorkers), "a network receiver runs in its own actor, fed over the network");
        assertEquals(toWorkers, chains.actorOf(idOf(Node.FilterMap.class, 0)));
        assertEquals(source, chains.actorOf(source));
    }

    @Test
    void anOperatorWhoseOutputFansOutHeadsNoChain() {
        ProcessStream<Integer, Leader> numbers = leader.sourceIter(List.of(1, 2)).map(x -> x + 1);
        numbers.forEach(x -> { });
        numbers.map(x -> x * 2).forEach(x -> { });
        Chains chains = chains();
        int map = idOf(Node.Map.class, 0);
        assertTrue(chains.isLink(map), "the source's only consumer");
        assertEquals(List.of(map), chains.linksOf(idOf(Node.SourceIter.class, 0)));
        assertEquals(List.of(idOf(Node.ForEach.class, 1)), chains.linksOf(idOf(Node.Map.class, 1)),
                "the second map heads its own chain");
        assertFalse(chains.isLink(idOf(Node.ForEach.class, 0)), "the first map has two consumers");
        assertFalse(chains.isLink(idOf(Node.Map.class, 1)));
    }

    @Test
    void nothingInsideATickIsChained() {
        Tick<Process<Leader>> tick = leader.tick();
        leader.sourceIter(List.of(1, 2)).batch(tick).map(x -> x + 1).filter(x -> x > 0).allTicks()
              .map(x -> x).forEach(x -> { });
        Chains chains = chains();
        assertFalse(chains.isLink(idOf(Node.Map.class, 0)));
        assertFalse(chains.isLink(idOf(Node.Filter.class, 0)));
        assertFalse(chains.isLink(idOf(Node.Map.class, 1)), "the tick's exit passes tick markers on: no head");
        assertEquals(List.of(idOf(Node.ForEach.class, 0)), chains.linksOf(idOf(Node.Map.class, 1)),
                "after the tick, chaining goes on");
    }

    @Test
    void aFlowWithALoopChainsNothing() {
        ForwardRef<ProcessStream<Integer, Leader>> again = leader.forwardRef();
        ProcessStream<Integer, Leader> all = leader.sourceIter(List.of(5)).union(again.stream());
        all.map(x -> x + 1).forEach(x -> { });
        again.complete(all.filter(x -> x > 1).map(x -> x - 1));
        Chains chains = chains();
        flow.build().nodes().forEach(n -> assertFalse(chains.isLink(n.id()), n.describe()));
    }

    @Test
    void noChainsAtAllWhenChainingIsOff() {
        leader.sourceIter(List.of(1)).map(x -> x).forEach(x -> { });
        assertTrue(Chains.none().linksOf(idOf(Node.SourceIter.class, 0)).isEmpty());
        assertFalse(Chains.none().isLink(idOf(Node.Map.class, 0)));
    }
}
