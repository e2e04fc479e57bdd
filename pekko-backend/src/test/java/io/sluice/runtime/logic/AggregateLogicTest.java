package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import io.sluice.dataflow.ir.Node;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Folds, reductions and scans: inside a tick one result per tick, at its end, from fresh state;
 * at top level the new value after every batch, from state kept for the whole flow.
 */
class AggregateLogicTest {

    static final class P {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<P> p = flow.process(P.class);
    private final Tick<Process<P>> tick = p.tick();

    @Test
    void aKeyedFoldInATickEmitsEachKeysResultAtTheTickEndInFirstSeenOrderAndStartsAfreshInTheNext() {
        p.sourceIter(List.<String>of()).batch(tick).keyBy(s -> s.substring(0, 1))
                .fold(() -> 0, (n, s) -> n + s.length()).entries().allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Fold.class);
        assertEquals(List.of(), d.batch(KV.of("b", "bb"), KV.of("a", "a")).batch(KV.of("b", "b")).take(),
                "nothing before the tick ends");
        assertEquals(List.of(KV.of("b", 3), KV.of("a", 1)), d.tickEnd().take());
        assertEquals(List.of(KV.of("a", 2)), d.batch(KV.of("a", "aa")).tickEnd().take(), "the next tick starts afresh");
        assertEquals(List.of(), d.tickEnd().take(), "an empty tick has no keys");
    }

    @Test
    void aTopLevelKeyedFoldEmitsTheKeysEachBatchChanged() {
        p.sourceIter(List.<String>of()).keyBy(s -> s.substring(0, 1)).fold(() -> 0, (n, s) -> n + s.length())
                .sampleEvery(Duration.ofSeconds(1)).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Fold.class);
        assertEquals(List.of(KV.of("a", 1), KV.of("b", 2)), d.batch(KV.of("a", "a"), KV.of("b", "bb")).take());
        assertEquals(List.of(KV.of("a", 4)), d.batch(KV.of("a", "aaa")).take(), "only the key that changed, with its total");
    }

    @Test
    void aTopLevelKeyedFoldWhoseOnlyConsumerIsAtEndEmitsEachKeysFinalValueOnceWhenItsInputEnds() {
        p.sourceIter(List.<String>of()).keyBy(s -> s.substring(0, 1)).fold(() -> 0, (n, s) -> n + s.length())
                .atEnd().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Fold.class);
        assertEquals(List.of(), d.batch(KV.of("b", "bb"), KV.of("a", "a")).batch(KV.of("b", "b")).take(),
                "nothing while the input lasts: atEnd keeps only the last value");
        assertEquals(List.of(KV.of("b", 3), KV.of("a", 1)), d.complete().take(), "each key once, in first-seen order");
    }

    @Test
    void aTopLevelFoldWhoseOnlyConsumerIsAtEndEmitsItsFinalValueOnceEvenWithoutInput() {
        p.sourceIter(List.<Integer>of()).fold(() -> 100, Integer::sum).atEnd().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Fold.class);
        assertEquals(List.of(), d.start().take(), "no initial value at the start");
        assertEquals(List.of(100), d.complete().take());
        LogicDriver fed = LogicDriver.of(flow.build(), Node.Fold.class);
        assertEquals(List.of(), fed.start().batch(1, 2).batch(3).take());
        assertEquals(List.of(106), fed.complete().take());
    }

    @Test
    void aFoldWithAnotherConsumerBesideAtEndStillEmitsAfterEveryBatch() {
        var sums = p.sourceIter(List.<Integer>of()).fold(() -> 0, Integer::sum);
        sums.atEnd().forEach(x -> { });
        sums.sampleEvery(Duration.ofSeconds(1)).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Fold.class);
        assertEquals(List.of(0, 3), d.start().batch(1, 2).take());
    }

    @Test
    void aKeyedCountCountsPerKeyInATickAtTopLevelAndWhenOnlyItsFinalValueIsWanted() {
        p.sourceIter(List.<String>of()).batch(tick).keyBy(s -> s.substring(0, 1)).count().entries().allTicks()
                .forEach(x -> { });
        LogicDriver inTick = LogicDriver.of(flow.build(), Node.Fold.class);
        assertEquals(List.of(KV.of("b", 2L), KV.of("a", 1L)),
                inTick.batch(KV.of("b", "b1"), KV.of("a", "a1")).batch(KV.of("b", "b2")).tickEnd().take());
        assertEquals(List.of(KV.of("a", 1L)), inTick.batch(KV.of("a", "a2")).tickEnd().take(), "each tick afresh");

        FlowBuilder topFlow = new FlowBuilder();
        topFlow.process(P.class).sourceIter(List.<String>of()).keyBy(s -> s.substring(0, 1)).count()
                .sampleEvery(Duration.ofSeconds(1)).forEach(x -> { });
        LogicDriver top = LogicDriver.of(topFlow.build(), Node.Fold.class);
        assertEquals(List.of(KV.of("a", 1L), KV.of("b", 1L)), top.batch(KV.of("a", "a1"), KV.of("b", "b1")).take());
        assertEquals(List.of(KV.of("a", 3L)), top.batch(KV.of("a", "a2"), KV.of("a", "a3")).take(),
                "the keys the batch changed, with their totals");

        FlowBuilder finalFlow = new FlowBuilder();
        finalFlow.process(P.class).sourceIter(List.<String>of()).keyBy(s -> s.substring(0, 1)).count().atEnd()
                .forEach(x -> { });
        LogicDriver atEnd = LogicDriver.of(finalFlow.build(), Node.Fold.class);
        assertEquals(List.of(), atEnd.batch(KV.of("b", "b1"), KV.of("a", "a1")).batch(KV.of("b", "b2")).take());
        assertEquals(List.of(KV.of("b", 2L), KV.of("a", 1L)), atEnd.complete().take());
    }

    @Test
    void aTopLevelFoldEmitsItsInitialValueAtStartThenEveryBatchsResult() {
        p.sourceIter(List.<Integer>of()).fold(() -> 100, Integer::sum).sampleEvery(Duration.ofSeconds(1)).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Fold.class).start();
        assertEquals(List.of(100), d.take());
        assertEquals(List.of(103), d.batch(1, 2).take());
        assertEquals(List.of(), d.batch().take(), "an empty batch changes nothing");
        assertEquals(List.of(107), d.batch(4).take());
    }

    /**
     * An operator's start comes from its member and its first batch from its producer, so the
     * batch can come first; the start must not reset what the fold took in. (A work queue's set
     * of live workers was reset to empty this way, and no task was ever assigned.)
     */
    @Test
    void aTopLevelFoldThatReceivesABatchBeforeItsStartKeepsItsValue() {
        p.sourceIter(List.<Integer>of()).fold(() -> 0, Integer::sum).sampleEvery(Duration.ofSeconds(1)).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Fold.class);
        assertEquals(List.of(6), d.batch(1, 2, 3).take());
        d.start();
        assertEquals(List.of(10), d.batch(4).take(), "the start did not reset the fold to 0");
    }

    @Test
    void aFoldInATickEmitsItsInitialValueForAnEmptyTick() {
        p.sourceIter(List.<Integer>of()).batch(tick).fold(() -> 100, Integer::sum).intoStream().allTicks()
                .forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Fold.class).start();
        assertEquals(List.of(), d.take(), "inside a tick the initial value waits for the tick's end");
        assertEquals(List.of(103), d.batch(1, 2).tickEnd().take());
        assertEquals(List.of(100), d.tickEnd().take());
    }

    @Test
    void aReduceInATickEmitsNothingForAnEmptyTick() {
        p.sourceIter(List.<Integer>of()).batch(tick).reduce(Integer::max).intoStream().allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Reduce.class);
        assertEquals(List.of(7), d.batch(3, 7).batch(5).tickEnd().take());
        assertEquals(List.of(), d.tickEnd().take());
        assertEquals(List.of(2), d.batch(2).tickEnd().take());
    }

    @Test
    void aScanEmitsTheRunningValueAfterEveryElementAndRestartsEveryTick() {
        p.sourceIter(List.<Integer>of()).batch(tick).scan(() -> 0, Integer::sum).allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Scan.class);
        assertEquals(List.of(1, 3, 6), d.batch(1, 2).batch(3).take());
        assertEquals(List.of(5), d.tickEnd().batch(5).take());
    }
}
