package io.sluice.plan;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Loop;
import io.sluice.dataflow.ir.Loops;
import io.sluice.dataflow.ir.Node;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A top-level loop of the flow, as {@link Loops} finds it: a strongly connected set of nodes,
 * closed by a forward reference ({@link Node.Cycle}) or by a tick's clock. End-of-stream cannot
 * travel around a loop, so the coordinator ends it when its region (the loop and every node
 * upstream of it) is quiescent (see {@code LoopWaves}): nothing in flight on the region's edges,
 * and nothing in it that would emit without new input. The loop's operators then end their inputs
 * from inside it, and the end travels on from there as usual.
 *
 * @param id     the loop's index in {@link FlowPlan#loops()}
 * @param nodes  its nodes, in id order
 * @param cycles its forward references, in id order (none when a tick's clock closes it)
 * @param region its nodes and all their ancestors ({@link Loop#region()})
 */
public record LoopPlan(int id, List<Integer> nodes, List<Integer> cycles, Set<Integer> region) {

    public LoopPlan {
        nodes = List.copyOf(nodes);
        cycles = List.copyOf(cycles);
        region = Set.copyOf(region);
    }

    /** The loops of {@code graph}, numbered in the order {@link Loops#of} finds them. */
    static List<LoopPlan> of(FlowGraph graph) {
        List<Loop> loops = Loops.of(graph);
        return IntStream.range(0, loops.size()).mapToObj(i -> {
            Loop l = loops.get(i);
            return new LoopPlan(i, l.nodes(), l.cycles(), l.region());
        }).toList();
    }
}
