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

    /** The fixes the messages propose. */
    private static final String ASSUME = "assumeOrdering(\"why the order is safe\")";
    private static final String SLICE = "take a bounded slice first with batch(tick)";
    private static final String LEAVE = "leave the tick first with allTicks()";
    private static final String ONE_TICK = "bring both into one tick with batch(tick)/snapshot(tick), or both out with "
            + "allTicks()/latest()";

    /**
     * Runs {@code call}, which must be refused with a message that names {@code operator}, the
     * user's line (in this file) and {@code fix}; returns the message.
     */
    private static String refused(String operator, String fix, Executable call) {
        Throwable e = assertThrows(RuntimeException.class, call);
        String message = e.getMessage();
        assertTrue(message.startsWith(operator + " at LiveCollectionRulesTest.java:"),
                "names the operator and the user's line: " + message);
        assertTrue(message.contains(fix), "proposes the fix \"" + fix + "\": " + message);
        return message;
    }

    @Test
    void orderSensitiveOperatorsRefuseAnUnorderedStreamAndNameTheFix() {
        String fold = refused("fold", "Use foldCommutative if the function is commutative, or call " + ASSUME,
                () -> unordered().fold(() -> 0, Integer::sum));
        assertTrue(fold.contains("the stream made by sendAnonymous at LiveCollectionRulesTest.java:"), fold);
        refused("reduce", "Use reduceCommutative if the function is commutative, or call " + ASSUME,
                () -> unordered().reduce(Integer::sum));
        refused("enumerate", "Call " + ASSUME + " on the input", () -> unordered().enumerate());
        refused("first", "Call " + ASSUME + " on the input", () -> unordered().first());
        refused("last", "Call " + ASSUME + " on the input", () -> unordered().last());
        refused("scan", "Call " + ASSUME + " on the input", () -> unordered().scan(() -> 0, Integer::sum));
        refused("fold", "Use foldCommutative if the function is commutative, or call " + ASSUME,
                () -> unordered().keyBy(x -> x % 2).fold(() -> 0, Integer::sum));
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
        refused("assumeOrdering", "say why the order is safe to assume, e.g. assumeOrdering(\"",
                () -> unordered().assumeOrdering(" "));
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
        String sort = refused("sort", SLICE, () -> leader.sourceIter(List.of(2, 1)).sort(Comparator.naturalOrder()));
        assertTrue(sort.contains("needs a bounded input") && sort.contains("(or snapshot(tick) for a singleton)"), sort);
        refused("collectList", SLICE, () -> leader.sourceIter(List.of(1)).collectList());
        refused("chain", SLICE, () -> leader.sourceIter(List.of(1)).chain(leader.sourceIter(List.of(2))));
        refused("intoStream", SLICE, () -> leader.sourceIter(List.of(1)).count().intoStream());
        refused("filter of a singleton", SLICE, () -> leader.sourceIter(List.of(1)).count().filter(n -> n > 0));
        refused("allTicks", SLICE, () -> leader.sourceIter(List.of(1)).allTicks());
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
        String send = refused("roundRobin", LEAVE, () -> batch.roundRobin(workers));
        assertTrue(send.contains("needs a top-level (unbounded) input") && send.contains("is inside tick " + tick.id()),
                send);
        refused("batch", LEAVE, () -> batch.batch(tick));
        refused("sampleEvery", LEAVE + " (or latest() for a singleton)",
                () -> batch.count().sampleEvery(Duration.ofSeconds(1)));
        refused("atEnd", LEAVE + " (or latest() for a singleton)", () -> batch.count().atEnd());
        refused("timeout", LEAVE, () -> batch.timeout(Duration.ofSeconds(1)));
    }

    @Test
    void collectionsOfDifferentTicksCannotBeCombined() {
        Tick<Process<Leader>> first = leader.tick();
        Tick<Process<Leader>> second = leader.tick();
        ProcessStream<Integer, Leader> source = leader.sourceIter(List.of(1));
        String mixed = refused("union", ONE_TICK, () -> source.batch(first).union(source.batch(second)));
        assertTrue(mixed.contains("not in the same tick"), mixed);
        refused("crossSingleton", ONE_TICK, () -> source.batch(first).crossSingleton(source.count()));
        refused("union", ONE_TICK, () -> source.union(source.batch(first)));
    }

    @Test
    void aTickBelongsToOneLocation() {
        FlowBuilder other = new FlowBuilder();
        Process<Leader> foreign = other.process(Leader.class);
        Tick<Process<Leader>> foreignTick = foreign.tick();
        String wrong = refused("batch", "use " + leader.name() + "'s own tick()",
                () -> leader.sourceIter(List.of(1)).batch(foreignTick));
        assertTrue(wrong.contains("is not a tick of " + leader + " in this flow"), wrong);
    }

    @Test
    void forwardReferencesMustBeCompletedOnceWithAStreamOfTheirScope() {
        ForwardRef<ProcessStream<Integer, Leader>> ref = leader.forwardRef();
        ref.stream().forEach(x -> { });
        IllegalStateException open = assertThrows(IllegalStateException.class, flow::build);
        assertTrue(open.getMessage().contains("never completed") && open.getMessage().contains("forwardRef at")
                && open.getMessage().contains("call complete(stream) on each with the stream it stands for"),
                open.getMessage());
        ProcessStream<Integer, Leader> looped = leader.sourceIter(List.of(1)).union(ref.stream());
        ref.complete(looped.map(x -> x + 1).filter(x -> x < 10));
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> ref.complete(looped));
        assertTrue(twice.getMessage().contains("the reference made by forwardRef at LiveCollectionRulesTest.java:")
                && twice.getMessage().contains("was already completed; complete it once"), twice.getMessage());
        looped.forEach(x -> { });
        FlowGraph graph = flow.build();
        assertTrue(graph.describe().contains("cycle <- "), graph.describe());
    }

    @Test
    void aForwardReferenceIsCompletedInItsOwnScope() {
        ForwardRef<ProcessStream<Integer, Leader>> ref = leader.forwardRef();
        Tick<Process<Leader>> tick = leader.tick();
        ProcessStream<Integer, Leader> inTick = leader.sourceIter(List.of(1)).batch(tick);
        String wrong = refused("complete", ONE_TICK, () -> ref.complete(inTick));
        assertTrue(wrong.contains("not in the same tick"), wrong);
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
        refused("sourceInterval", "the duration must be positive, not PT0S", () -> leader.sourceInterval(Duration.ZERO));
        refused("sampleEvery", "the duration must be positive, not PT-0.001S",
                () -> leader.sourceIter(List.of(1)).count().sampleEvery(Duration.ofMillis(-1)));
    }
}
