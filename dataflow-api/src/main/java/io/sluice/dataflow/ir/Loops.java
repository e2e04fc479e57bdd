package io.sluice.dataflow.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a graph's top-level loops and their regions: a pure pass over {@link FlowGraph}.
 *
 * <p>A loop is a strongly connected set of nodes closed by a forward reference
 * ({@link Node.Cycle}) or by a tick's clock. A tick's exits ({@code allTicks}, {@code latest})
 * end only once its clock has stopped, which waits for the inputs of all its feeding entries
 * ({@code batch}, {@code snapshot}) to end; so an entry fed, through other operators, by its own
 * tick's exits closes a loop even without a forward reference. End-of-stream cannot travel
 * around a loop, so a backend must end a loop itself once its region is quiescent.
 */
public final class Loops {

    private Loops() {
    }

    /**
     * The loops of {@code graph}: its strongly connected components, counting an edge from each
     * feeding entry of a tick to each of its exits, that hold a forward reference or such an edge.
     *
     * @param graph a validated graph
     * @return the loops, in the order the search finds them (deterministic for a graph)
     */
    public static List<Loop> of(FlowGraph graph) {
        Ticks ticks = Ticks.of(graph);
        List<Loop> loops = new ArrayList<>();
        for (List<Integer> component : new Components(graph, ticks).find()) {
            List<Integer> cycles = component.stream().filter(n -> graph.node(n) instanceof Node.Cycle).toList();
            if (!cycles.isEmpty() || ticks.closeALoop(component)) {
                loops.add(new Loop(component.stream().sorted().toList(), cycles.stream().sorted().toList(),
                        withAncestors(graph, ticks, component)));
            }
        }
        return List.copyOf(loops);
    }

    /**
     * The ticks' feeding entries ({@code batch}, {@code snapshot}) and exits ({@code allTicks},
     * {@code latest}), by tick: each exit waits, through the clock, for every entry of its tick.
     */
    private record Ticks(Map<Integer, List<Integer>> feeders, Map<Integer, List<Integer>> exits) {

        static Ticks of(FlowGraph graph) {
            Map<Integer, List<Integer>> feeders = new HashMap<>();
            Map<Integer, List<Integer>> exits = new HashMap<>();
            for (Node node : graph.nodes()) {
                int id = node.id();
                if (node instanceof Node.Batch b) {
                    feeders.computeIfAbsent(b.tick(), t -> new ArrayList<>()).add(id);
                } else if (node instanceof Node.Snapshot sn) {
                    feeders.computeIfAbsent(sn.tick(), t -> new ArrayList<>()).add(id);
                } else if (graph.inputScope(id) != FlowGraph.TOP_LEVEL && graph.scope(id) == FlowGraph.TOP_LEVEL) {
                    exits.computeIfAbsent(graph.inputScope(id), t -> new ArrayList<>()).add(id);
                }
            }
            return new Ticks(feeders, exits);
        }

        List<Integer> feedersOf(int tick) {
            return feeders.getOrDefault(tick, List.of());
        }

        /** Whether {@code component} holds a feeding entry and an exit of the same tick. */
        boolean closeALoop(List<Integer> component) {
            for (Map.Entry<Integer, List<Integer>> tick : feeders.entrySet()) {
                List<Integer> out = exits.getOrDefault(tick.getKey(), List.of());
                if (tick.getValue().stream().anyMatch(component::contains) && out.stream().anyMatch(component::contains)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code nodes}, their ancestors, and the feeding entries of every tick one of them is in or leaves. */
    private static Set<Integer> withAncestors(FlowGraph graph, Ticks ticks, List<Integer> nodes) {
        Set<Integer> region = new HashSet<>(nodes);
        Deque<Integer> todo = new ArrayDeque<>(nodes);
        while (!todo.isEmpty()) {
            int n = todo.pop();
            List<Integer> before = new ArrayList<>(graph.node(n).inputs());
            int tick = graph.inputScope(n);
            if (tick != FlowGraph.TOP_LEVEL) {
                before.addAll(ticks.feedersOf(tick));
            }
            for (int input : before) {
                if (region.add(input)) {
                    todo.push(input);
                }
            }
        }
        return region;
    }

    /**
     * Tarjan's strongly connected components over the edges producer -> consumer, and from each
     * feeding entry of a tick to each of that tick's exits (the clock's dependency).
     */
    private static final class Components {
        private final FlowGraph graph;
        private final List<List<Integer>> consumers = new ArrayList<>();
        private final int[] index;
        private final int[] low;
        private final boolean[] onStack;
        private final Deque<Integer> stack = new ArrayDeque<>();
        private final List<List<Integer>> found = new ArrayList<>();
        private int next;

        Components(FlowGraph graph, Ticks ticks) {
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
            ticks.feeders().forEach((tick, entries) -> {
                for (int entry : entries) {
                    consumers.get(entry).addAll(ticks.exits().getOrDefault(tick, List.of()));
                }
            });
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
