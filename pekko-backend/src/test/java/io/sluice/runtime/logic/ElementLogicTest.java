package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import io.sluice.dataflow.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Element-wise operators, each driven alone: one output per input element, in order. */
class ElementLogicTest {

    static final class P {
    }

    static final class W {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<P> p = flow.process(P.class);

    @Test
    void mapFilterFlatMapAndFilterMapKeepTheOrderOfTheirInput() {
        p.sourceIter(List.<Integer>of()).map(x -> x * 10).filter(x -> x != 20)
                .flatMap(x -> List.of(x, x + 1)).filterMap(x -> x % 2 == 0 ? Optional.of("e" + x) : Optional.empty())
                .forEach(x -> { });
        assertEquals(List.of(10, 20, 30), LogicDriver.of(flow.build(), Node.Map.class).batch(1, 2).batch(3).take());
        assertEquals(List.of(10, 30), LogicDriver.of(flow.build(), Node.Filter.class).batch(10, 20, 30).take());
        assertEquals(List.of(10, 11, 30, 31), LogicDriver.of(flow.build(), Node.FlatMap.class).batch(10, 30).take());
        assertEquals(List.of("e10", "e30"), LogicDriver.of(flow.build(), Node.FilterMap.class).batch(10, 11, 30, 31).take());
    }

    @Test
    void inspectSeesEveryElementAndPassesTheBatchOnUnchanged() {
        List<Object> seen = new ArrayList<>();
        p.sourceIter(List.<Integer>of()).inspect(seen::add).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Inspect.class);
        assertEquals(List.of(1, 2, 3), d.batch(1, 2).batch(3).take());
        assertEquals(List.of(1, 2, 3), seen);
    }

    @Test
    void forEachCallsItsActionAndEmitsNothing() {
        List<Object> seen = new ArrayList<>();
        p.sourceIter(List.<Integer>of()).forEach(seen::add);
        assertEquals(List.of(), LogicDriver.of(flow.build(), Node.ForEach.class).batch(4, 5).take());
        assertEquals(List.of(4, 5), seen);
    }

    @Test
    void enumerateCountsAcrossBatchesAtTopLevelAndRestartsEveryTickInsideOne() {
        p.sourceIter(List.<String>of()).enumerate().forEach(x -> { });
        LogicDriver top = LogicDriver.of(flow.build(), Node.Enumerate.class);
        assertEquals(List.of(KV.of(0L, "a"), KV.of(1L, "b"), KV.of(2L, "c")), top.batch("a", "b").batch("c").take());

        FlowBuilder ticked = new FlowBuilder();
        Process<P> q = ticked.process(P.class);
        Tick<Process<P>> tick = q.tick();
        q.sourceIter(List.<String>of()).batch(tick).enumerate().allTicks().forEach(x -> { });
        LogicDriver inTick = LogicDriver.of(ticked.build(), Node.Enumerate.class);
        assertEquals(List.of(KV.of(0L, "a"), KV.of(1L, "b")), inTick.batch("a", "b").tickEnd().take());
        assertEquals(List.of(KV.of(0L, "c")), inTick.batch("c").take(), "the count restarts with the tick");
    }

    @Test
    void unionPassesTheBatchesOfBothPortsInArrivalOrder() {
        p.sourceIter(List.<Integer>of()).union(p.sourceIter(List.<Integer>of())).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Union.class);
        assertEquals(List.of(1, 2, 10, 3), d.batchOn(0, 0, 1, 2).batchOn(1, 0, 10).batchOn(0, 0, 3).take());
    }

    @Test
    void aTaggedNetworkReceiverTagsEachElementWithItsSendersIdAndAnAnonymousOneDoesNot() {
        Cluster<W> workers = flow.cluster(W.class);
        workers.sourceIter(List.<String>of()).send(p).forEach(x -> { });
        LogicDriver tagged = LogicDriver.of(flow.build(), Node.Network.class, List.of(1, 3));
        assertEquals(List.of(KV.of(MemberId.of(2), "x"), KV.of(MemberId.of(2), "y"), KV.of(MemberId.of(0), "z")),
                tagged.batchOn(0, 2, "x", "y").batchOn(0, 0, "z").take());

        FlowBuilder anonymous = new FlowBuilder();
        Process<P> leader = anonymous.process(P.class);
        anonymous.cluster(W.class).sourceIter(List.<String>of()).sendAnonymous(leader).forEach(x -> { });
        LogicDriver untagged = LogicDriver.of(anonymous.build(), Node.Network.class, List.of(1, 3));
        assertEquals(List.of("x", "z"), untagged.batchOn(0, 2, "x").batchOn(0, 1, "z").take());
    }
}
