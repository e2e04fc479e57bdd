package io.sluice.plan;

import io.sluice.dataflow.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator chaining, in the manner of Flink's operator chains: which nodes run inside the actor
 * of the node that feeds them, element by element, instead of in an actor of their own behind a
 * local channel. A chain is a head (any top-level operator) and the element-wise operators after
 * it ({@code map}, {@code filter}, {@code flatMap}, {@code filterMap}, {@code inspect},
 * {@code forEach}), each the only consumer of the one before, on the same member; the chain's
 * output is its last node's out-edges. A link holds no state, so the chain's snapshot state is
 * its head's, and it ends when its head does.
 *
 * <p>Nothing is chained inside a tick (tick markers pass between actors), nor in a flow with
 * loops or watched clusters, whose quiescence waves count every node's batches.
 *
 * <pre>{@code
 * Chains chains = Chains.of(plan);
 * if (!chains.isLink(op.node().id())) {
 *     spawn(op, chains.linksOf(op.node().id()));   // an actor for the head and its links
 * }
 * }</pre>
 */
public final class Chains {

    private static final Chains NONE = new Chains(Map.of(), Map.of());

    /** Each head's links, in order. */
    private final Map<Integer, List<Integer>> links;
    /** Each link's head. */
    private final Map<Integer, Integer> heads;

    private Chains(Map<Integer, List<Integer>> links, Map<Integer, Integer> heads) {
        this.links = links;
        this.heads = heads;
    }

    /** No chaining: every node in an actor of its own. */
    public static Chains none() {
        return NONE;
    }

    /** The chains of {@code plan}: every node that can run in its producer's actor does. */
    public static Chains of(FlowPlan plan) {
        if (!plan.loops().isEmpty() || !plan.graph().watchedClusters().isEmpty()) {
            return NONE;
        }
        Map<Integer, List<Integer>> links = new HashMap<>();
        Map<Integer, Integer> heads = new HashMap<>();
        // Producers come before their consumers in node id order, so a producer's head is known first.
        for (FlowPlan.OperatorPlan op : plan.operators()) {
            if (!chainsToProducer(plan, op)) {
                continue;
            }
            int producer = op.ports().get(0).producer();
            int head = heads.getOrDefault(producer, producer);
            links.computeIfAbsent(head, h -> new ArrayList<>()).add(op.node().id());
            heads.put(op.node().id(), head);
        }
        Map<Integer, List<Integer>> frozen = new HashMap<>();
        links.forEach((head, chain) -> frozen.put(head, List.copyOf(chain)));
        return new Chains(Map.copyOf(frozen), Map.copyOf(heads));
    }

    /** Whether {@code op} runs in the actor of the one node that feeds it. */
    private static boolean chainsToProducer(FlowPlan plan, FlowPlan.OperatorPlan op) {
        if (!isElementWise(op.node()) || op.ports().size() != 1 || op.role() != FlowPlan.TickRole.NONE
                || op.receivesTicks()) {
            return false;
        }
        FlowPlan.PortPlan port = op.ports().get(0);
        FlowPlan.OperatorPlan producer = plan.operators().get(port.producer());
        return !port.remote() && producer.edges().size() == 1 && producer.edges().get(0).kind() == EdgeKind.LOCAL
                && producer.role() == FlowPlan.TickRole.NONE && !producer.receivesTicks()
                && !(producer.node() instanceof Node.Cycle);
    }

    private static boolean isElementWise(Node node) {
        return node instanceof Node.Map || node instanceof Node.Filter || node instanceof Node.FlatMap
                || node instanceof Node.FilterMap || node instanceof Node.Inspect || node instanceof Node.ForEach;
    }

    /** Whether node {@code node} runs in its head's actor rather than in one of its own. */
    public boolean isLink(int node) {
        return heads.containsKey(node);
    }

    /** The links that run in head {@code head}'s actor, in order; empty for a node chained to nothing. */
    public List<Integer> linksOf(int head) {
        return links.getOrDefault(head, List.of());
    }

    /** The node whose actor runs {@code node}: its head, or itself. */
    public int actorOf(int node) {
        return heads.getOrDefault(node, node);
    }
}
