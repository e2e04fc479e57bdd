package io.sluice.plan;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.ir.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The physical plan of a flow: for every IR node, the actor each member of its location runs,
 * with its input ports and output edges. Network nodes become actors at the receiving location
 * whose input port has one sender per member of the sending location; the routing itself happens
 * in the producer's out-edge. Every JVM derives the same plan from the same graph and sizes.
 *
 * @param graph     the flow
 * @param sizes     members per location, by location id
 * @param operators one per node, by node id
 */
public record FlowPlan(FlowGraph graph, List<Integer> sizes, List<OperatorPlan> operators, List<TickPlan> ticks,
                List<LoopPlan> loops) {

    public FlowPlan {
        sizes = List.copyOf(sizes);
        operators = List.copyOf(operators);
        ticks = List.copyOf(ticks);
        loops = List.copyOf(loops);
    }

    /**
     * One operator: its node, its input ports in input order, its out-edges in consumer order,
     * and its part in a tick.
     *
     * @param inTick    the tick whose markers its ports carry, or {@link FlowGraph#TOP_LEVEL}
     * @param role      what it does at tick boundaries
     * @param finalOnly whether only its final value is wanted: a top-level fold whose every
     *                  consumer is an {@code atEnd} on its own member, which keeps only the last
     *                  value it gets; the fold then emits its value once, when its input ends,
     *                  instead of after every batch
     */
    public record OperatorPlan(Node node, List<PortPlan> ports, List<EdgePlan> edges, int inTick, TickRole role,
                               boolean finalOnly) {

        /** Whether the node receives tick batches (its state lives for one tick). */
        public boolean receivesTicks() {
            return inTick != FlowGraph.TOP_LEVEL;
        }

        /** The tick whose clock it talks to, if any. */
        public int clockTick() {
            return role.isEntry() ? entryTick() : inTick;
        }

        private int entryTick() {
            Node n = node;
            if (n instanceof Node.Batch b) {
                return b.tick();
            }
            if (n instanceof Node.Snapshot s) {
                return s.tick();
            }
            return ((Node.Defer) n).tick();
        }
    }

    /**
     * An operator's part in a tick: an entry emits what enters a tick when the clock opens it; a
     * feeding entry ({@code batch}, {@code snapshot}) is fed from outside the tick; a forwarding
     * operator passes each tick marker on after its tick result; a terminal reports each tick
     * done to the clock. A {@code defer} is an entry on its output side and a terminal on its
     * input side.
     */
    public enum TickRole {
        /** Not in any tick. */
        NONE,
        /** {@code batch} or {@code snapshot}. */
        FEEDING_ENTRY,
        /** {@code defer}: an entry, and the terminal of its own input. */
        DEFER,
        /** Inside a tick, feeding other operators of the tick. */
        FORWARDING,
        /** Inside a tick, with no consumer in it: a sink, or an exit ({@code allTicks}, {@code latest}). */
        TERMINAL;

        public boolean isEntry() {
            return this == FEEDING_ENTRY || this == DEFER;
        }

        public boolean isTerminal() {
            return this == TERMINAL || this == DEFER;
        }
    }

    /**
     * One tick of one location: what each member's clock for it needs to know.
     *
     * @param tick      the tick id
     * @param location  its location
     * @param entries   the node ids of its entries ({@code batch}, {@code snapshot}, {@code defer})
     * @param feeders   how many of them are fed from outside the tick
     * @param terminals how many operators report each tick done
     */
    public record TickPlan(int tick, int location, List<Integer> entries, int feeders, int terminals) {
    }

    /**
     * An input port.
     *
     * @param producer     the node whose output feeds this port
     * @param producerLocation that node's location
     * @param senders      how many producer actors send to it: the producer location's size
     *                     across the network, else 1
     * @param producerEdge this port's index in the producer's out-edges
     * @param remote       whether the port is fed across the network (by every member of the
     *                     producer's location) rather than by the same member
     */
    public record PortPlan(int producer, int producerLocation, int senders, int producerEdge, boolean remote) {
    }

    /**
     * An out-edge.
     *
     * @param consumer     the consuming node
     * @param consumerLocation that node's location
     * @param consumerPort the port of the consumer it feeds
     * @param kind         local or a network routing
     * @param targets      how many consumer actors it reaches (1 when local)
     * @param consumerOrigin the consumer's operator and call site, for messages about routing
     */
    public record EdgePlan(int consumer, int consumerLocation, int consumerPort, EdgeKind kind, int targets,
                    Origin consumerOrigin) {
    }

    /** Derives the plan of {@code graph} with {@code sizes} members per location. */
    public static FlowPlan of(FlowGraph graph, List<Integer> sizes) {
        if (sizes.size() != graph.locations().size()) {
            throw new IllegalArgumentException("sizes for " + sizes.size() + " locations, the flow has "
                    + graph.locations().size());
        }
        int n = graph.nodes().size();
        List<List<EdgePlan>> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            edges.add(new ArrayList<>());
        }
        List<List<PortPlan>> ports = new ArrayList<>();
        for (Node consumer : graph.nodes()) {
            List<PortPlan> consumerPorts = new ArrayList<>();
            for (int p = 0; p < consumer.inputs().size(); p++) {
                int producer = consumer.inputs().get(p);
                List<EdgePlan> producerEdges = edges.get(producer);
                boolean remote = consumer instanceof Node.Network;
                EdgeKind kind = consumer instanceof Node.Network net ? EdgeKind.of(net.routing()) : EdgeKind.LOCAL;
                int targets = remote ? sizes.get(consumer.location()) : 1;
                int producerLocation = graph.node(producer).location();
                int senders = remote ? sizes.get(producerLocation) : 1;
                consumerPorts.add(new PortPlan(producer, producerLocation, senders, producerEdges.size(), remote));
                producerEdges.add(new EdgePlan(consumer.id(), consumer.location(), p, kind, targets, consumer.origin()));
            }
            ports.add(consumerPorts);
        }
        List<OperatorPlan> operators = new ArrayList<>();
        for (Node node : graph.nodes()) {
            operators.add(new OperatorPlan(node, List.copyOf(ports.get(node.id())), List.copyOf(edges.get(node.id())),
                    graph.inputScope(node.id()), roleOf(graph, node), finalOnly(graph, node)));
        }
        return new FlowPlan(graph, sizes, operators, ticksOf(graph, operators), LoopPlan.of(graph));
    }

    /** See {@link OperatorPlan#finalOnly}. */
    private static boolean finalOnly(FlowGraph graph, Node node) {
        if (!(node instanceof Node.Fold) && !(node instanceof Node.Reduce)) {
            return false;
        }
        List<Integer> consumers = graph.consumers(node.id());
        return graph.inputScope(node.id()) == FlowGraph.TOP_LEVEL && !consumers.isEmpty()
                && consumers.stream().map(graph::node).allMatch(c -> c instanceof Node.AtEnd
                        && c.location() == node.location());
    }

    private static TickRole roleOf(FlowGraph graph, Node node) {
        if (node instanceof Node.Defer) {
            return TickRole.DEFER;
        }
        if (node instanceof Node.Batch || node instanceof Node.Snapshot) {
            return TickRole.FEEDING_ENTRY;
        }
        int in = graph.inputScope(node.id());
        if (in == FlowGraph.TOP_LEVEL) {
            return TickRole.NONE;
        }
        return node.isSink() || graph.scope(node.id()) != in ? TickRole.TERMINAL : TickRole.FORWARDING;
    }

    private static List<TickPlan> ticksOf(FlowGraph graph, List<OperatorPlan> operators) {
        Map<Integer, TickPlan> ticks = new TreeMap<>();
        for (OperatorPlan op : operators) {
            if (op.role() == TickRole.NONE || op.role() == TickRole.FORWARDING) {
                continue;
            }
            int t = op.clockTick();
            TickPlan before = ticks.getOrDefault(t, new TickPlan(t, op.node().location(), List.of(), 0, 0));
            List<Integer> entries = new ArrayList<>(before.entries());
            if (op.role().isEntry()) {
                entries.add(op.node().id());
            }
            ticks.put(t, new TickPlan(t, before.location(), entries,
                    before.feeders() + (op.role() == TickRole.FEEDING_ENTRY ? 1 : 0),
                    before.terminals() + (op.role().isTerminal() ? 1 : 0)));
        }
        return List.copyOf(ticks.values());
    }

    /** The ticks of {@code location}. */
    public List<TickPlan> ticksAt(int location) {
        return ticks.stream().filter(t -> t.location() == location).toList();
    }

    /** The operators located at {@code location}, in node id order. */
    public List<OperatorPlan> operatorsAt(int location) {
        return operators.stream().filter(o -> o.node().location() == location).toList();
    }

    /** Location {@code id}. */
    public LocationInfo location(int id) {
        return graph.location(id);
    }

    /** Every member of every location, as (location, member) pairs in order. */
    public List<MemberKey> allMembers() {
        List<MemberKey> out = new ArrayList<>();
        for (int l = 0; l < sizes.size(); l++) {
            for (int m = 0; m < sizes.get(l); m++) {
                out.add(new MemberKey(l, m));
            }
        }
        return out;
    }
}
