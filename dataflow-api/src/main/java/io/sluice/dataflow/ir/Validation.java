package io.sluice.dataflow.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks a graph must pass before a backend may run it: a pure pass over {@link FlowGraph}.
 * The builder runs it when a flow is built, so that its messages name the user's operators and
 * lines (from each node's {@link Origin}).
 */
public final class Validation {

    private Validation() {
    }

    /**
     * Checks that every forward reference was completed and that every stream is consumed.
     *
     * @param graph the graph to check
     * @throws IllegalStateException naming every open forward reference, or else every stream
     *                               that nothing consumes, with the fix
     */
    public static void check(FlowGraph graph) {
        List<String> open = graph.nodes().stream().filter(Validation::isOpenReference)
                .map(n -> "  - " + n.origin()).toList();
        if (!open.isEmpty()) {
            throw new IllegalStateException("the flow has forward references that were never completed:\n"
                    + String.join("\n", open) + "\ncall complete(stream) on each with the stream it stands for");
        }
        boolean[] consumed = new boolean[graph.nodes().size()];
        for (Node n : graph.nodes()) {
            n.inputs().forEach(i -> consumed[i] = true);
        }
        List<String> dangling = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!n.isSink() && !consumed[n.id()]) {
                dangling.add("  - the stream made by " + n.origin() + " on " + graph.location(n.location()).label());
            }
        }
        if (!dangling.isEmpty()) {
            throw new IllegalStateException("the flow has " + (dangling.size() == 1 ? "a stream" : "streams")
                    + " that nothing consumes:\n" + String.join("\n", dangling)
                    + "\nend each with forEach(...), send it to another location, or remove it");
        }
    }

    /**
     * Whether {@code node} is the placeholder of a forward reference that was never completed:
     * a {@link Node.Cycle} or {@link Node.Defer} whose input is still {@link FlowGraph#OPEN_REFERENCE}.
     */
    private static boolean isOpenReference(Node node) {
        return (node instanceof Node.Cycle || node instanceof Node.Defer) && ((Node.Unary) node).input() == FlowGraph.OPEN_REFERENCE;
    }
}
