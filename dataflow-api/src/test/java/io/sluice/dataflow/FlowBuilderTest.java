package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationKind;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.ir.NodeMeta;
import io.sluice.dataflow.ir.Routing;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowBuilderTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private static final Host HOST = () -> "test host";

    @Test
    void locationIdsFollowCreationOrderAcrossProcessesAndClusters() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        Process<Worker> other = flow.process(Worker.class);
        assertEquals(0, leader.id());
        assertEquals(1, workers.id());
        assertEquals(2, other.id());
        assertEquals("io.sluice.dataflow.FlowBuilderTest.Leader", leader.name());
        assertEquals("io.sluice.dataflow.FlowBuilderTest.Worker (cluster 1)", workers.toString());
    }

    @Test
    void theSeedProgramBuildsTheExpectedGraph() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(List.of(0, 1, 2))
              .roundRobin(workers)
              .map(n -> n * 2)
              .inspect(n -> { })
              .sendAnonymous(leader)
              .forEach(n -> { });
        FlowGraph graph = flow.build();
        assertEquals("""
                location 0: io.sluice.dataflow.FlowBuilderTest.Leader (process 0)
                location 1: io.sluice.dataflow.FlowBuilderTest.Worker (cluster 1)
                0 @0 sourceIter [top level, unbounded, ordered]
                1 @1 network(round_robin) from location 0 <- 0 [top level, unbounded, ordered]
                2 @1 map <- 1 [top level, unbounded, ordered]
                3 @1 inspect <- 2 [top level, unbounded, ordered]
                4 @0 network(to_process) from location 1 <- 3 [top level, unbounded, unordered]
                5 @0 forEach <- 4 [top level, unbounded, unordered]
                """, graph.describe());
        assertEquals(LocationKind.CLUSTER, graph.location(1).kind());
        assertEquals("[io.sluice.dataflow.FlowBuilderTest.Worker (cluster 1) / 2]", graph.location(1).memberPrefix(2));
        assertEquals("[io.sluice.dataflow.FlowBuilderTest.Leader (process 0)]", graph.location(0).memberPrefix(0));
        assertEquals(List.of(1), graph.consumers(0));
    }

    @Test
    void everyNodeCarriesItsLocationTickOrderAndBoundedness() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Tick<Process<Leader>> tick = leader.tick();
        ProcessStream<Integer, Leader> numbers = leader.sourceIter(List.of(1, 2));
        numbers.union(numbers.map(n -> -n))
               .batch(tick)
               .count()
               .latest()
               .sampleEvery(java.time.Duration.ofSeconds(1))
               .forEach(n -> { });
        FlowGraph graph = flow.build();
        assertEquals("""
                location 0: io.sluice.dataflow.FlowBuilderTest.Leader (process 0)
                0 @0 sourceIter [top level, unbounded, ordered]
                1 @0 map <- 0 [top level, unbounded, ordered]
                2 @0 union <- 0, 1 [top level, unbounded, unordered]
                3 @0 batch(tick 0) <- 2 [tick 0, bounded, unordered]
                4 @0 fold <- 3 [tick 0, bounded, ordered]
                5 @0 allTicks <- 4 [top level, unbounded, ordered]
                6 @0 sampleEvery(PT1S) <- 5 [top level, unbounded, ordered]
                7 @0 forEach <- 6 [top level, unbounded, ordered]
                """, graph.describe());
        assertEquals(new NodeMeta(0, tick.id(), false), graph.meta(3));
        assertTrue(graph.meta(3).bounded());
        for (Node n : graph.nodes()) {
            assertEquals(graph.scope(n.id()), graph.meta(n.id()).tick(), "the builder's tick agrees with the graph's scope");
            assertEquals(n.location(), graph.meta(n.id()).location());
        }
    }

    @Test
    void networkOperatorsRecordRoutingAndTagging() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        ClusterStream<Integer, Worker> onWorkers = leader.sourceIter(List.of(1)).broadcast(workers);
        onWorkers.send(leader).forEach(kv -> { });
        onWorkers.roundRobin(workers).forEach(kv -> { });
        onWorkers.map(n -> KV.of(MemberId.<Worker>of(0), n)).<Worker, Integer>demux(workers).forEach(kv -> { });
        FlowGraph graph = flow.build();
        List<Node.Network> nets = graph.nodes().stream()
                .filter(Node.Network.class::isInstance).map(Node.Network.class::cast).toList();
        assertEquals(List.of(Routing.BROADCAST, Routing.TO_PROCESS, Routing.ROUND_ROBIN, Routing.DEMUX),
                nets.stream().map(Node.Network::routing).toList());
        assertEquals(List.of(false, true, true, true), nets.stream().map(Node.Network::tagSender).toList());
    }

    @Test
    void aStreamNobodyConsumesIsRefusedWithItsOperatorAndCallSite() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        ProcessStream<Integer, Leader> numbers = leader.sourceIter(List.of(1, 2));
        numbers.map(n -> n + 1); // dangling: line recorded below
        numbers.forEach(n -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, flow::build);
        assertTrue(e.getMessage().contains("the stream made by map at FlowBuilderTest.java:"), e.getMessage());
        assertTrue(e.getMessage().contains("aStreamNobodyConsumesIsRefusedWithItsOperatorAndCallSite"), e.getMessage());
        assertTrue(e.getMessage().contains("end each with forEach(...)"), e.getMessage());
    }

    @Test
    void combiningStreamsOfTwoLocationsOfTheSameTypeIsRefused() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> first = flow.process(Leader.class);
        Process<Leader> second = flow.process(Leader.class);
        ProcessStream<Integer, Leader> a = first.sourceIter(List.of(1));
        ProcessStream<Integer, Leader> b = second.sourceIter(List.of(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.union(b));
        assertTrue(e.getMessage().startsWith("union: the other stream (made by sourceIter at FlowBuilderTest.java:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("is on io.sluice.dataflow.FlowBuilderTest.Leader (process 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("send one of them to the other's location first"), e.getMessage());
    }

    @Test
    void locationsAndStreamsOfAnotherFlowAreRefused() {
        FlowBuilder one = new FlowBuilder();
        FlowBuilder two = new FlowBuilder();
        Process<Leader> leader = one.process(Leader.class);
        Cluster<Worker> foreign = two.cluster(Worker.class);
        ProcessStream<Integer, Leader> numbers = leader.sourceIter(List.of(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numbers.roundRobin(foreign));
        assertTrue(e.getMessage().contains("belongs to another FlowBuilder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> one.withCluster(foreign, List.of(HOST)));
    }

    @Test
    void aFlowIsFinishedOnce() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        ProcessStream<Integer, Leader> numbers = leader.sourceIter(List.of(1));
        numbers.forEach(n -> { });
        flow.build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> numbers.map(n -> n));
        assertTrue(e.getMessage().contains("this flow was already built"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> flow.cluster(Worker.class));
    }

    @Test
    void deployNeedsHostsForEveryLocation() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(List.of(1)).roundRobin(workers).forEach(n -> { });
        flow.withProcess(leader, HOST);
        AtomicReference<Map<Integer, List<Host>>> installed = new AtomicReference<>();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> flow.deploy((graph, placement) -> installed.set(placement)));
        assertTrue(e.getMessage().contains("no hosts were given for io.sluice.dataflow.FlowBuilderTest.Worker (cluster 1)"
                + " (call withCluster for it)"), e.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> flow.withCluster(workers, List.of()));
        assertTrue(empty.getMessage().contains("a cluster needs at least one member"), empty.getMessage());
        flow.withCluster(workers, Collections.nCopies(3, HOST)).deploy((graph, placement) -> installed.set(placement));
        assertEquals(3, installed.get().get(1).size());
        assertEquals(1, installed.get().get(0).size());
    }

    @Test
    void memberIdsAreOnlyKnownInsideOperatorCode() {
        FlowBuilder flow = new FlowBuilder();
        Cluster<Worker> workers = flow.cluster(Worker.class);
        IllegalStateException e = assertThrows(IllegalStateException.class, workers::selfId);
        assertTrue(e.getMessage().contains("call it inside a function passed to an operator"), e.getMessage());
        assertThrows(IllegalStateException.class, workers::members);
    }
}
