package io.sluice.dataflow.ir;

/**
 * What the builder knows about the collection a node makes, beyond its operator: where it is,
 * whether it is inside a tick (and so bounded) and whether its element order is guaranteed
 * (Hydro's {@code TotalOrder}/{@code NoOrder}). A sink, which makes no collection, has the tick
 * and order of its input.
 *
 * @param location the id of the location the node runs on
 * @param tick     the id of the tick the node's output is in, or {@link FlowGraph#TOP_LEVEL}
 * @param ordered  whether the order of the output's elements is guaranteed
 */
public record NodeMeta(int location, int tick, boolean ordered) {

    /**
     * Whether the output is bounded: one batch per tick, inside a tick.
     *
     * @return {@code true} inside a tick, {@code false} at top level
     */
    public boolean bounded() {
        return tick != FlowGraph.TOP_LEVEL;
    }

    /**
     * The metadata as {@link FlowGraph#describe()} shows it, e.g. {@code [tick 0, bounded, ordered]}
     * or {@code [top level, unbounded, unordered]}.
     *
     * @return the bracketed text
     */
    public String describe() {
        return "[" + (bounded() ? "tick " + tick + ", bounded" : "top level, unbounded") + ", "
                + (ordered ? "ordered" : "unordered") + "]";
    }
}
