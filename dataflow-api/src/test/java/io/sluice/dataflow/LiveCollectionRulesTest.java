package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of the live-collection model that Java's types cannot express, refused where the
 * operator is called: order-sensitive operators on unordered input, whole-batch operators on
 * unbounded input, collections of different ticks combined, network operators inside a tick,
 * unfinished forward references. Each message names the operator, the user's line and the fix.
 */
class LiveCollectionRulesTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<Leader> leader = flow.process(Leader.class);
    private final Cluster<Worker> workers = flow.cluster(Worker.class);

    private ProcessStream<Integer, Leader> unordered() {
        return workers.sourceIter(List.of(1, 2)).sendAnonymous(leader);
    }

    private static String refused(Executable call) {
        Throwable e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().contains("LiveCollectionRulesTest.java:"), "names the user's line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void orderSensitiveOperatorsRefuseAnUnorderedStreamAndNameTheFix() {
        String fold = refused(() -> unordered().fold(() -> 0, Integer::sum));
        assertTrue(fold.startsWith("fold at "), fold);
        assertTrue(fold.contains("foldCommutative") && fold.contains("assumeOrdering"), fold);
        String reduce = refused(() -> unordered().reduce(Integer::sum));
        assertTrue(reduce.contains("reduceCommutative"), reduce);
        for (Executable op : List.<Executable>of(() -> unordered().enumerate(), () -> unordered().first(),
                () -> unordered().last(), () -> unordered().scan(() -> 0, Integer::sum))) {
            assertTrue(refused(op).contains("assumeOrdering(\"why the order is safe\")"));
        }
        String keyed = refused(() -> unordered().keyBy(x -> x % 2).fold(() -> 0, Integer::sum));
        assertTrue(keyed.contains("foldCommutative"), keyed);
    }

    @Test
    void commutativeFormsAndExplicitAssumptionsAreAccepted() {
        unordered().foldCommutative(() -> 0, Integer::sum).sampleEvery(Duration.ofSeconds(1)).forEach(x -> { });
        unordered().reduceCommutative(Integer::sum).sampleEvery(Duration.ofSeconds(1)).forEach(x -> { });
        unordered().count().sampleEvery(Duration.ofSeconds(1)).forEach(x -> { });
        unordered().forEach(x -> { });
        ProcessStream<Integer, Leader> asserted = unordered().assumeOrdering("one worker sends in this test");
        assertTrue(asserted.isOrdered());
        asserted.enumerate().forEach(x -> { });
        assertTrue(flow.build().describe().contains("enumerate <- "), "the asserted order lets enumerate in");
    }

    @Test
    void anAssumptionMustSayWhy() {
        String blank = refused(() -> unordered().assumeOrdering(" "));
        assertTrue(blank.contains("say why"), blank);
    }

    @Test
    void orderIsTrackedThroughOperatorsAndWeakenedFreely() {
        ProcessStream<Integer, Leader> ordered = leader.sourceIter(List.of(1));
        assertTrue(ordered.map(x -> x).isOrdered());
        assertTrue(ordered.roundRobin(workers).isOrdered(), "each member gets its share in order");
        assertFalse(unordered().isOrdered());
        assertFalse(ordered.union(unordered()).isOrdered(), "a total order is weakened to no order freely");
        assertFalse(ordered.union(ordered).isOrdered(), "union interleaves");
        assertFalse(workers.sourceIter(List.of(1)).broadcast(workers).isOrdered(), "several senders interleave");
    }

    @Test
    void wholeBatchOperatorsNeedATick() {
        String sort = refused(() -> leader.sourceIter(List.of(2, 1)).sort(Comparator.naturalOrder()));
        assertTrue(sort.startsWith("sort at ") && sort.contains("batch(tick)"), sort);
        refused(() -> leader.sourceIter(List.of(1)).collectList());
        refused(() -> leader.sourceIter(List.of(1)).chain(leader.sourceIter(List.of(2))));
        refused(() -> leader.sourceIter(List.of(1)).count().intoStream());
        refused(() -> leader.sourceIter(List.of(1)).count().filter(n -> n > 0));
        refused(() -> leader.sourceIter(List.of(1)).allTicks());
    }

    @Test
    void ticksMakeStreamsBoundedAndAllTicksMakesThemUnboundedAgain() {
        Tick<Process<Leader>> tick = leader.tick();
        ProcessStream<Integer, Leader> batch = leader.sourceIter(List.of(1)).batch(tick);
        assertTrue(batch.isBounded());
        assertFalse(batch.allTicks().isBounded());
        assertTrue(batch.count().isBounded());
        assertFalse(batch.count().latest().isBounded());
    }

    @Test
    void networkOperatorsAndTopLevelOperatorsRefuseATicksStream() {
        Tick<Process<Leader>> tick = leader.tick();
        ProcessStream<Integer, Leader> batch = leader.sourceIter(List.of(1)).batch(tick);
        String send = refused(() -> batch.roundRobin(workers));
        assertTrue(send.startsWith("roundRobin at ") && send.contains("allTicks()"), send);
        refused(() -> batch.batch(tick));
        refused(() -> batch.count().sampleEvery(Duration.ofSeconds(1)));
        refused(() -> batch.timeout(Duration.ofSeconds(1)));
    }

    @Test
    void collectionsOfDifferentTicksCannotBeCombined() {
        Tick<Process<Leader>> first = leader.tick();
        Tick<Process<Leader>> second = leader.tick();
        ProcessStream<Integer, Leader> source = leader.sourceIter(List.of(1));
        String mixed = refused(() -> source.batch(first).union(source.batch(second)));
        assertTrue(mixed.contains("not in the same tick"), mixed);
        refused(() -> source.batch(first).crossSingleton(source.count()));
        refused(() -> source.union(source.batch(first)));
    }

    @Test
    void aTickBelongsToOneLocation() {
        FlowBuilder other = new FlowBuilder();
        Process<Leader> foreign = other.process(Leader.class);
        Tick<Process<Leader>> foreignTick = foreign.tick();
        String wrong = refused(() -> leader.sourceIter(List.of(1)).batch(foreignTick));
        assertTrue(wrong.contains("is not a tick of"), wrong);
    }

    @Test
    void forwardReferencesMustBeCompletedOnceWithAStreamOfTheirScope() {
        ForwardRef<ProcessStream<Integer, Leader>> ref = leader.forwardRef();
        ref.stream().forEach(x -> { });
        IllegalStateException open = assertThrows(IllegalStateException.class, flow::build);
        assertTrue(open.getMessage().contains("never completed") && open.getMessage().contains("forwardRef at"),
                open.getMessage());
        ProcessStream<Integer, Leader> looped = leader.sourceIter(List.of(1)).union(ref.stream());
        ref.complete(looped.map(x -> x + 1).filter(x -> x < 10));
        assertThrows(IllegalStateException.class, () -> ref.complete(looped));
        looped.forEach(x -> { });
        FlowGraph graph = flow.build();
        assertTrue(graph.describe().contains("cycle <- "), graph.describe());
    }

    @Test
    void aForwardReferenceIsCompletedInItsOwnScope() {
        ForwardRef<ProcessStream<Integer, Leader>> ref = leader.forwardRef();
        Tick<Process<Leader>> tick = leader.tick();
        ProcessStream<Integer, Leader> inTick = leader.sourceIter(List.of(1)).batch(tick);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> ref.complete(inTick));
        assertTrue(wrong.getMessage().contains("not in the same tick"), wrong.getMessage());
    }

    @Test
    void aTickCycleFeedsTheNextTick() {
        Tick<Process<Leader>> tick = leader.tick();
        ForwardRef<ProcessStream<Long, Leader>> total = leader.cycle(tick);
        ProcessSingleton<Long, Leader> now = total.stream().chain(leader.sourceIter(List.of(1L)).batch(tick))
                .foldCommutative(() -> 0L, Long::sum);
        total.complete(now.intoStream());
        now.latest().sampleEvery(Duration.ofSeconds(1)).forEach(x -> { });
        FlowGraph graph = flow.build();
        assertEquals(graph.scope(now.node), tick.id());
        String described = graph.describe();
        assertTrue(described.contains("defer(tick " + tick.id() + ")"), described);
        assertTrue(described.contains("batch(tick " + tick.id() + ")"), described);
        assertEquals(FlowGraph.TOP_LEVEL, graph.scope(graph.nodes().size() - 1));
    }

    @Test
    void durationsMustBePositive() {
        refused(() -> leader.sourceInterval(Duration.ZERO));
        refused(() -> leader.sourceIter(List.of(1)).count().sampleEvery(Duration.ofMillis(-1)));
    }
}
