package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.ir.NodeVisitor;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The operator logic of every kind of node, one method per node record: the compiler checks
 * that a new record has logic. Each method hands the node to the family that implements it.
 *
 * @param inTick   whether the node receives tick batches
 * @param finalOnly whether only a fold's final value is wanted ({@code FlowPlan.OperatorPlan#finalOnly})
 * @param sizes    members per location, by location id
 * @param nanoTime  the clock of the time operators
 * @param externals the member's external ports
 * @param feeds     what the member's run-time sources read (kept across restarts when the flow can restart)
 */
record LogicFactory(boolean inTick, boolean finalOnly, List<Integer> sizes, LongSupplier nanoTime,
                    ExternalEndpoints externals, MemberFeeds feeds) implements NodeVisitor<OperatorLogic> {

    @Override
    public OperatorLogic visit(Node.SourceIter node) {
        return new SourceLogic(node.items());
    }

    @Override
    public OperatorLogic visit(Node.Map node) {
        return ElementLogic.map(node);
    }

    @Override
    public OperatorLogic visit(Node.Filter node) {
        return ElementLogic.filter(node);
    }

    @Override
    public OperatorLogic visit(Node.FlatMap node) {
        return ElementLogic.flatMap(node);
    }

    @Override
    public OperatorLogic visit(Node.FilterMap node) {
        return ElementLogic.filterMap(node);
    }

    @Override
    public OperatorLogic visit(Node.Inspect node) {
        return ElementLogic.inspect(node);
    }

    @Override
    public OperatorLogic visit(Node.Enumerate node) {
        return ElementLogic.enumerate();
    }

    @Override
    public OperatorLogic visit(Node.Union node) {
        return ElementLogic.passThrough();
    }

    @Override
    public OperatorLogic visit(Node.ForEach node) {
        return ElementLogic.forEach(node);
    }

    @Override
    public OperatorLogic visit(Node.Network node) {
        return ElementLogic.network(node);
    }

    @Override
    public OperatorLogic visit(Node.Batch node) {
        return TickLogic.batch();
    }

    @Override
    public OperatorLogic visit(Node.Snapshot node) {
        return TickLogic.snapshot(node);
    }

    @Override
    public OperatorLogic visit(Node.Defer node) {
        return TickLogic.defer();
    }

    @Override
    public OperatorLogic visit(Node.AllTicks node) {
        return ElementLogic.passThrough();
    }

    @Override
    public OperatorLogic visit(Node.Persist node) {
        return TickLogic.persist();
    }

    @Override
    public OperatorLogic visit(Node.Fold node) {
        return AggregateLogic.fold(node, inTick, finalOnly);
    }

    @Override
    public OperatorLogic visit(Node.Reduce node) {
        return AggregateLogic.reduce(node, inTick, finalOnly);
    }

    @Override
    public OperatorLogic visit(Node.Join node) {
        return CombineLogic.join();
    }

    @Override
    public OperatorLogic visit(Node.AntiJoin node) {
        return CombineLogic.antiJoin();
    }

    @Override
    public OperatorLogic visit(Node.CrossProduct node) {
        return CombineLogic.crossProduct();
    }

    @Override
    public OperatorLogic visit(Node.CrossSingleton node) {
        return CombineLogic.crossSingleton(inTick);
    }

    @Override
    public OperatorLogic visit(Node.Chain node) {
        return CombineLogic.chain();
    }

    @Override
    public OperatorLogic visit(Node.Unique node) {
        return TickLogic.unique();
    }

    @Override
    public OperatorLogic visit(Node.Sort node) {
        return TickLogic.sort(node);
    }

    @Override
    public OperatorLogic visit(Node.Scan node) {
        return AggregateLogic.scan(node);
    }

    @Override
    public OperatorLogic visit(Node.SourceInterval node) {
        return TimeLogic.interval(node);
    }

    @Override
    public OperatorLogic visit(Node.SampleEvery node) {
        return TimeLogic.sample(node);
    }

    @Override
    public OperatorLogic visit(Node.AtEnd node) {
        return TimeLogic.atEnd(node);
    }

    @Override
    public OperatorLogic visit(Node.Timeout node) {
        return TimeLogic.timeout(node, nanoTime);
    }

    @Override
    public OperatorLogic visit(Node.ClusterMembers node) {
        return TimeLogic.members(node, sizes);
    }

    @Override
    public OperatorLogic visit(Node.Cycle node) {
        return ElementLogic.passThrough();
    }

    @Override
    public OperatorLogic visit(Node.SourceStream node) {
        return new StreamSourceLogic(node, feeds);
    }

    @Override
    public OperatorLogic visit(Node.ResolveFutures node) {
        return new FuturesLogic(node);
    }

    @Override
    public OperatorLogic visit(Node.DestSink node) {
        return new DestSinkLogic(node, feeds);
    }

    @Override
    public OperatorLogic visit(Node.ExternalSource node) {
        return ExternalLogic.source(node, externals, feeds);
    }

    @Override
    public OperatorLogic visit(Node.ExternalSink node) {
        return ExternalLogic.sink(node, externals, feeds);
    }
}
