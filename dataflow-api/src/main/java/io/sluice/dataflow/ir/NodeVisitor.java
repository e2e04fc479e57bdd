package io.sluice.dataflow.ir;

/**
 * One method per node record, so that whatever handles every kind of node (the backend's
 * operator logic, for one) is checked by the compiler: a new record must implement
 * {@link Node#accept} with a new method here, which every visitor must then implement.
 *
 * @param <R> what the visitor makes of a node
 */
public interface NodeVisitor<R> {
    /**
     * Visits a {@link Node.SourceIter} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.SourceIter node);

    /**
     * Visits a {@link Node.Map} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Map node);

    /**
     * Visits a {@link Node.Filter} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Filter node);

    /**
     * Visits a {@link Node.FlatMap} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.FlatMap node);

    /**
     * Visits a {@link Node.FilterMap} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.FilterMap node);

    /**
     * Visits a {@link Node.Inspect} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Inspect node);

    /**
     * Visits a {@link Node.Enumerate} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Enumerate node);

    /**
     * Visits a {@link Node.Union} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Union node);

    /**
     * Visits a {@link Node.ForEach} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.ForEach node);

    /**
     * Visits a {@link Node.Network} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Network node);

    /**
     * Visits a {@link Node.Batch} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Batch node);

    /**
     * Visits a {@link Node.Snapshot} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Snapshot node);

    /**
     * Visits a {@link Node.Defer} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Defer node);

    /**
     * Visits a {@link Node.AllTicks} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.AllTicks node);

    /**
     * Visits a {@link Node.Persist} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Persist node);

    /**
     * Visits a {@link Node.Fold} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Fold node);

    /**
     * Visits a {@link Node.Reduce} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Reduce node);

    /**
     * Visits a {@link Node.Join} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Join node);

    /**
     * Visits a {@link Node.AntiJoin} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.AntiJoin node);

    /**
     * Visits a {@link Node.CrossProduct} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.CrossProduct node);

    /**
     * Visits a {@link Node.CrossSingleton} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.CrossSingleton node);

    /**
     * Visits a {@link Node.Chain} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Chain node);

    /**
     * Visits a {@link Node.Unique} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Unique node);

    /**
     * Visits a {@link Node.Sort} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Sort node);

    /**
     * Visits a {@link Node.Scan} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Scan node);

    /**
     * Visits a {@link Node.SourceInterval} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.SourceInterval node);

    /**
     * Visits a {@link Node.SampleEvery} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.SampleEvery node);

    /**
     * Visits a {@link Node.AtEnd} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.AtEnd node);

    /**
     * Visits a {@link Node.Timeout} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Timeout node);

    /**
     * Visits a {@link Node.ClusterMembers} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.ClusterMembers node);

    /**
     * Visits a {@link Node.Cycle} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.Cycle node);

    /**
     * Visits a {@link Node.SourceStream} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.SourceStream node);

    /**
     * Visits a {@link Node.ResolveFutures} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.ResolveFutures node);

    /**
     * Visits a {@link Node.DestSink} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.DestSink node);

    /**
     * Visits a {@link Node.ExternalSource} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.ExternalSource node);

    /**
     * Visits a {@link Node.ExternalSink} node.
     *
     * @param node the node
     * @return what this visitor makes of it
     */
    R visit(Node.ExternalSink node);
}
