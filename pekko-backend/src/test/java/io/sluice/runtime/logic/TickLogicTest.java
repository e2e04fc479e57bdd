package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import io.sluice.dataflow.ir.Node;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tick entries (they emit when the clock opens a tick) and operators that need a whole tick. */
class TickLogicTest {

    static final class P {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<P> p = flow.process(P.class);
    private final Tick<Process<P>> tick = p.tick();

    @Test
    void batchHoldsWhatArrivedAndItsAcksUntilTheNextTickOpens() {
        p.sourceIter(List.<Integer>of()).batch(tick).allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Batch.class);
        assertFalse(d.logic().hasPending());
        d.batch(1, 2).batch().batch(3);
        assertEquals(List.of(), d.take());
        assertTrue(d.logic().hasPending(), "the clock is told there is data for the next tick");
        assertTrue(d.logic().retainsInput());
        assertEquals(List.of(1, 2, 3), d.openTick().take());
        assertFalse(d.logic().hasPending());
        assertEquals(List.of(), d.openTick().take(), "each element enters one tick");
    }

    @Test
    void aKeyedSnapshotEntersEveryTickWithEachKeysLatestValue() {
        p.sourceIter(List.<KV<String, Integer>>of()).<String, Integer>intoKeyed().reduce(Integer::sum).snapshot(tick).entries()
                .allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Snapshot.class);
        d.batch(KV.of("a", 1), KV.of("b", 2)).batch(KV.of("a", 3));
        assertTrue(d.logic().hasPending());
        assertEquals(List.of(KV.of("a", 3), KV.of("b", 2)), d.openTick().take());
        assertFalse(d.logic().hasPending(), "nothing changed since");
        assertEquals(List.of(KV.of("a", 3), KV.of("b", 2)), d.openTick().take(), "the value enters every tick");
    }

    @Test
    void deferTickEmitsThePreviousTicksElementsWhenTheNextOpens() {
        p.sourceIter(List.<Integer>of()).batch(tick).deferTick().allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Defer.class);
        assertEquals(List.of(), d.openTick().take(), "the first tick has no previous one");
        d.batch(1, 2).tickEnd();
        // the marker of tick 1 may come before the opening of tick 1 and of tick 2
        d.batch(3).tickEnd();
        assertEquals(List.of(1, 2), d.openTick().take());
        assertEquals(List.of(3), d.openTick().take());
    }

    @Test
    void persistEmitsEveryElementOfEveryTickSoFarAtEachTickEnd() {
        p.sourceIter(List.<Integer>of()).batch(tick).persist().allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Persist.class);
        assertEquals(List.of(1, 2), d.batch(1, 2).tickEnd().take());
        assertEquals(List.of(1, 2, 3), d.batch(3).tickEnd().take());
        assertEquals(List.of(1, 2, 3), d.tickEnd().take());
    }

    @Test
    void sortEmitsEachTicksElementsInOrderAtItsEnd() {
        p.sourceIter(List.<Integer>of()).batch(tick).sort(Comparator.reverseOrder()).allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Sort.class);
        assertEquals(List.of(), d.batch(2, 9).batch(5, 2).take());
        assertEquals(List.of(9, 5, 2, 2), d.tickEnd().take());
        assertEquals(List.of(1), d.batch(1).tickEnd().take(), "each tick is sorted alone");
    }

    @Test
    void uniqueForgetsWhatItSawAtEachTickEndInsideATick() {
        p.sourceIter(List.<String>of()).batch(tick).unique().allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Unique.class);
        assertEquals(List.of("a", "b"), d.batch("a", "b", "a").batch("b").take());
        assertEquals(List.of("a"), d.tickEnd().batch("a").take());
    }

    @Test
    void uniqueAtTopLevelRemembersForTheWholeFlow() {
        p.sourceIter(List.<String>of()).unique().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Unique.class);
        assertFalse(d.inTick());
        assertEquals(List.of("a", "b"), d.batch("a", "b", "a").take());
        assertEquals(List.of("c"), d.batch("b", "c", "a").take());
    }
}
