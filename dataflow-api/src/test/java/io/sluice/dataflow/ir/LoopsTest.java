package io.sluice.dataflow.ir;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The loop analysis as a pure function of the graph (the plan's loop tests cover it across locations). */
class LoopsTest {

    static final class Leader {
    }

    @Test
    void aFlowWithoutFeedbackHasNoLoopsEvenWithATickCycle() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Tick<Process<Leader>> tick = leader.tick();
        ForwardRef<ProcessStream<Long, Leader>> total = leader.cycle(tick);
        ProcessStream<Long, Leader> now = total.stream().chain(leader.sourceIter(List.of(1L)).batch(tick))
                .foldCommutative(() -> 0L, Long::sum).intoStream();
        total.complete(now);
        now.allTicks().forEach(n -> { });
        assertEquals(List.of(), Loops.of(flow.build()), "a tick cycle carries state to the next tick, it is no loop");
    }

    @Test
    void aForwardReferenceClosesALoopWhoseRegionTakesInItsSources() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        ForwardRef<ProcessStream<Integer, Leader>> back = leader.forwardRef();             // 0
        ProcessStream<Integer, Leader> all = leader.sourceIter(List.of(3)).union(back.stream()); // 1, 2
        ProcessStream<Integer, Leader> less = all.map(n -> n - 1);                          // 3
        back.complete(less.filter(n -> n > 0));                                             // 4
        less.forEach(n -> { });                                                             // 5
        assertEquals(List.of(new Loop(List.of(0, 2, 3, 4), List.of(0), Set.of(0, 1, 2, 3, 4))), Loops.of(flow.build()));
    }
}
