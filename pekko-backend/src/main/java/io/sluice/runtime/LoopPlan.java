package io.sluice.runtime;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A top-level loop of the flow: a strongly connected set of nodes closed by one or more forward
 * references ({@link Node.Cycle}). End-of-stream cannot travel around a loop, so the coordinator
 * ends it when its region (the loop and every node upstream of it) is quiescent (see
 * {@link LoopWaves}): nothing in flight on the region's edges, and nothing in it that would emit
 * without new input. It then ends the input of the loop's {@code cycles}, and the end travels on
 * from there as usual.
 *
 * @param id     the loop's index in {@link FlowPlan#loops()}
 * @param nodes  its nodes, in id order
 * @param cycles its forward references, in id order
 * @param region its nodes and all their ancestors: every node whose output can reach the loop
 */
record LoopPlan(int id, List<Integer> nodes, List<Integer> cycles, Set<Integer> region) {

    LoopPlan {
        nodes = List.copyOf(nodes);
        cycles = List.copyOf(cycles);
        region = Set.copyOf(region);
    }

    /** The loops of {@code graph}: its strongly connected components that hold a forward reference. */
    static List<LoopPlan> of(FlowGraph graph) {
        List<LoopPlan> loops = new ArrayList<>();
        for (List<Integer> component : new Components(graph).find()) {
            List<Integer> cycles = component.stream().filter(n -> graph.node(n) instanceof Node.Cycle).toList();
            if (!cycles.isEmpty()) {
                loops.add(new LoopPlan(loops.size(), component.stream().sorted().toList(), cycles.stream().sorted().toList(),
                        withAncestors(graph, component)));
            }
        }
        return List.copyOf(loops);
    }

    private static Set<Integer> withAncestors(FlowGraph graph, List<Integer> nodes) {
        Set<Integer> region = new HashSet<>(nodes);
        Deque<Integer> todo = new ArrayDeque<>(nodes);
        while (!todo.isEmpty()) {
            for (int input : graph.node(todo.pop()).inputs()) {
                if (region.add(input)) {
                    todo.push(input);
                }
            }
        }
        return region;
    }

    /** Tarjan's strongly connected components over the edges producer -> consumer. */
    private static final class Components {
        private final FlowGraph graph;
        private final List<List<Integer>> consumers = new ArrayList<>();
        private final int[] index;
        private final int[] low;
        private final boolean[] onStack;
        private final Deque<Integer> stack = new ArrayDeque<>();
        private final List<List<Integer>> found = new ArrayList<>();
        private int next;

        Components(FlowGraph graph) {
            this.graph = graph;
            int n = graph.nodes().size();
            for (int i = 0; i < n; i++) {
                consumers.add(new ArrayList<>());
            }
            for (Node node : graph.nodes()) {
                for (int in : node.inputs()) {
                    consumers.get(in).add(node.id());
                }
            }
            index = new int[n];
            Arrays.fill(index, -1);
            low = new int[n];
            onStack = new boolean[n];
        }

        List<List<Integer>> find() {
            for (Node node : graph.nodes()) {
                if (index[node.id()] < 0) {
                    visit(node.id());
                }
            }
            return found;
        }

        private void visit(int v) {
            index[v] = low[v] = next++;
            stack.push(v);
            onStack[v] = true;
            for (int w : consumers.get(v)) {
                if (index[w] < 0) {
                    visit(w);
                    low[v] = Math.min(low[v], low[w]);
                } else if (onStack[w]) {
                    low[v] = Math.min(low[v], index[w]);
                }
            }
            if (low[v] == index[v]) {
                List<Integer> component = new ArrayList<>();
                int w;
                do {
                    w = stack.pop();
                    onStack[w] = false;
                    component.add(w);
                } while (w != v);
                found.add(component);
            }
        }
    }
}
