package io.sluice.plan;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which operators keep state across batches, and whether a flow can take snapshots: consistent
 * cuts of every operator's state, taken with barriers that travel with the data, from which a
 * restart resumes instead of replaying the sources from their beginning.
 *
 * <p>Every operator is one of three kinds ({@link Kind}). A flow takes snapshots only when none of
 * its operators is {@link Kind#UNSUPPORTED}: in a loop (a barrier would have to go round it), or
 * exchanging elements with something outside the flow that cannot take part (futures, a
 * cluster's membership). A run-time source ({@code sourceStream}, an external port's requests)
 * records its position, and its member keeps what it emitted since, to replay it; a
 * {@code destSink} (an external port's replies) records the epoch the snapshot seals, and its
 * member hands the epoch over once the snapshot is complete. The
 * operators of a tick are cut together by its clock, between two ticks; a tick fed from, or
 * feeding, another tick is not supported (the barrier would have to cross two clocks).
 */
public final class Snapshots {

    /** What an operator contributes to a snapshot. */
    public enum Kind {
        /** Holds nothing between batches: its snapshot is empty. */
        STATELESS,
        /** Holds state between batches, which its logic writes and restores. */
        STATEFUL,
        /** Cannot be snapshotted: a flow with it restarts from its beginning. */
        UNSUPPORTED
    }

    private Snapshots() {
    }

    /** What {@code op} contributes to a snapshot. */
    public static Kind kindOf(FlowPlan.OperatorPlan op) {
        return reason(op).isPresent() ? Kind.UNSUPPORTED : stateless(op.node()) ? Kind.STATELESS : Kind.STATEFUL;
    }

    /**
     * Why {@code plan}'s flow cannot take snapshots, one line per operator that stands in the
     * way; empty when it can.
     */
    public static List<String> blockers(FlowPlan plan) {
        List<String> blockers = new ArrayList<>();
        for (FlowPlan.OperatorPlan op : plan.operators()) {
            reason(op).ifPresent(why -> blockers.add(op.node().origin() + ": " + why));
        }
        for (FlowPlan.OperatorPlan op : plan.operators()) {
            Node node = op.node();
            boolean fedFromATick = op.role() == FlowPlan.TickRole.FEEDING_ENTRY
                    && plan.graph().inputScope(node.id()) != FlowGraph.TOP_LEVEL;
            boolean feedsATick = op.role() == FlowPlan.TickRole.TERMINAL && !node.isSink()
                    && plan.graph().scope(node.id()) != FlowGraph.TOP_LEVEL;
            if (fedFromATick || feedsATick) {
                blockers.add(node.origin() + ": it joins two ticks, whose clocks a snapshot cannot cut together");
            }
        }
        for (LoopPlan loop : plan.loops()) {
            blockers.add("a loop through " + plan.graph().node(loop.nodes().get(0)).origin()
                    + ": a barrier cannot go round a loop");
        }
        return blockers;
    }

    private static Optional<String> reason(FlowPlan.OperatorPlan op) {
        Node node = op.node();
        if (node instanceof Node.Cycle) {
            return Optional.of("a barrier cannot go round a loop");
        }
        if (node instanceof Node.ResolveFutures) {
            return Optional.of("futures still running cannot be snapshotted");
        }
        if (node instanceof Node.ClusterMembers) {
            return Optional.of("it reports membership changes, which a restart would not report again");
        }
        return Optional.empty();
    }

    private static boolean stateless(Node node) {
        return node instanceof Node.Map || node instanceof Node.Filter || node instanceof Node.FlatMap
                || node instanceof Node.FilterMap || node instanceof Node.Inspect || node instanceof Node.ForEach
                || node instanceof Node.Network || node instanceof Node.Union || node instanceof Node.SourceInterval
                || node instanceof Node.AllTicks;
    }
}
