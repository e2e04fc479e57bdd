package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.KeyedStream;
import io.sluice.dataflow.Pair;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import io.sluice.dataflow.ir.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operators of two inputs, port 0 and port 1: what meets what, and when. */
class CombineLogicTest {

    static final class P {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<P> p = flow.process(P.class);
    private final Tick<Process<P>> tick = p.tick();

    private KeyedStream<String, Integer, Process<P>> keyed() {
        return p.sourceIter(List.<KV<String, Integer>>of()).intoKeyed();
    }

    @Test
    void aJoinMatchesEachPairWithEveryPairOfItsKeyOnTheOtherPortWhicheverCameFirst() {
        keyed().join(keyed()).entries().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Join.class);
        assertEquals(List.of(), d.batchOn(0, 0, KV.of("a", 1), KV.of("b", 2)).take());
        assertEquals(List.of(KV.of("a", Pair.of(1, 10))), d.batchOn(1, 0, KV.of("a", 10), KV.of("c", 30)).take());
        assertEquals(List.of(KV.of("a", Pair.of(3, 10)), KV.of("c", Pair.of(4, 30))),
                d.batchOn(0, 0, KV.of("a", 3), KV.of("c", 4)).take(), "the left value stays first");
        assertEquals(List.of(KV.of("a", Pair.of(1, 11)), KV.of("a", Pair.of(3, 11))),
                d.batchOn(1, 0, KV.of("a", 11)).take(), "every left pair of the key, in arrival order");
    }

    @Test
    void aJoinInATickForgetsBothSidesAtTheTickEnd() {
        keyed().batch(tick).join(keyed().batch(tick)).entries().allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Join.class);
        assertEquals(List.of(KV.of("a", Pair.of(1, 2))), d.batchOn(0, 0, KV.of("a", 1)).batchOn(1, 0, KV.of("a", 2)).take());
        assertEquals(List.of(), d.tickEnd().batchOn(1, 0, KV.of("a", 3)).take(), "last tick's left side is gone");
    }

    @Test
    void anAntiJoinKeepsTheLeftPairsWhoseKeyTheTicksRightSideLacks() {
        keyed().batch(tick).antiJoin(p.sourceIter(List.<String>of()).batch(tick)).entries().allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.AntiJoin.class);
        d.batchOn(0, 0, KV.of("a", 1), KV.of("b", 2)).batchOn(1, 0, "a").batchOn(0, 0, KV.of("a", 3), KV.of("c", 4));
        assertEquals(List.of(), d.take(), "nothing before the right side is complete");
        assertEquals(List.of(KV.of("b", 2), KV.of("c", 4)), d.tickEnd().take());
        assertEquals(List.of(KV.of("a", 5)), d.batchOn(0, 0, KV.of("a", 5)).tickEnd().take(),
                "the right side lives for one tick");
    }

    @Test
    void aCrossProductPairsEveryArrivalWithEverythingSeenOnTheOtherSide() {
        p.sourceIter(List.<String>of()).batch(tick).crossProduct(p.sourceIter(List.<Integer>of()).batch(tick))
                .allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.CrossProduct.class);
        assertEquals(List.of(), d.batchOn(0, 0, "a", "b").take());
        assertEquals(List.of(Pair.of("a", 1), Pair.of("b", 1)), d.batchOn(1, 0, 1).take());
        assertEquals(List.of(Pair.of("c", 1)), d.batchOn(0, 0, "c").take());
        assertEquals(List.of(), d.tickEnd().batchOn(1, 0, 2).take(), "both sides live for one tick");
    }

    @Test
    void aTopLevelCrossSingletonHoldsElementsAndTheirAcksUntilTheSingletonHasAValue() {
        p.sourceIter(List.<String>of()).crossSingleton(p.sourceIter(List.<Integer>of()).fold(() -> 0, Integer::sum))
                .forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.CrossSingleton.class);
        assertEquals(List.of(), d.batchOn(0, 0, "a").take());
        assertTrue(d.logic().retainsInput(), "a waiting element holds its batch's ack");
        assertEquals(List.of(Pair.of("a", 5)), d.batchOn(1, 0, 2, 5).take(), "paired with the latest value");
        assertFalse(d.logic().retainsInput());
        assertEquals(List.of(Pair.of("b", 5)), d.batchOn(0, 0, "b").take());
    }

    @Test
    void aChainEmitsItsFirstInputAtOnceAndItsSecondAtTheTickEnd() {
        p.sourceIter(List.<Integer>of()).batch(tick).chain(p.sourceIter(List.<Integer>of()).batch(tick))
                .allTicks().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Chain.class);
        assertEquals(List.of(1), d.batchOn(1, 0, 10).batchOn(0, 0, 1).take());
        assertEquals(List.of(2, 10, 11), d.batchOn(0, 0, 2).batchOn(1, 0, 11).tickEnd().take());
        assertEquals(List.of(), d.tickEnd().take());
    }
}
