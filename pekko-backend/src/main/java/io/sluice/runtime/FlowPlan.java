package io.sluice.runtime;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.ir.Origin;
import java.util.ArrayList;
import java.util.List;

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
record FlowPlan(FlowGraph graph, List<Integer> sizes, List<OperatorPlan> operators) {

    FlowPlan {
        sizes = List.copyOf(sizes);
        operators = List.copyOf(operators);
    }

    /**
     * One operator: its node, its input ports in input order, its out-edges in consumer order.
     */
    record OperatorPlan(Node node, List<PortPlan> ports, List<EdgePlan> edges) {
    }

    /**
     * An input port.
     *
     * @param producer     the node whose output feeds this port
     * @param senders      how many producer actors send to it: the producer location's size
     *                     across the network, else 1
     * @param producerEdge this port's index in the producer's out-edges
     * @param remote       whether the port is fed across the network (by every member of the
     *                     producer's location) rather than by the same member
     */
    record PortPlan(int producer, int senders, int producerEdge, boolean remote) {
    }

    /**
     * An out-edge.
     *
     * @param consumer     the consuming node
     * @param consumerPort the port of the consumer it feeds
     * @param kind         local or a network routing
     * @param targets      how many consumer actors it reaches (1 when local)
     * @param consumerOrigin the consumer's operator and call site, for messages about routing
     */
    record EdgePlan(int consumer, int consumerPort, EdgeKind kind, int targets, Origin consumerOrigin) {
    }

    /** Derives the plan of {@code graph} with {@code sizes} members per location. */
    static FlowPlan of(FlowGraph graph, List<Integer> sizes) {
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
                int senders = remote ? sizes.get(graph.node(producer).location()) : 1;
                consumerPorts.add(new PortPlan(producer, senders, producerEdges.size(), remote));
                producerEdges.add(new EdgePlan(consumer.id(), p, kind, targets, consumer.origin()));
            }
            ports.add(consumerPorts);
        }
        List<OperatorPlan> operators = new ArrayList<>();
        for (Node node : graph.nodes()) {
            operators.add(new OperatorPlan(node, List.copyOf(ports.get(node.id())), List.copyOf(edges.get(node.id()))));
        }
        return new FlowPlan(graph, sizes, operators);
    }

    /** The operators located at {@code location}, in node id order. */
    List<OperatorPlan> operatorsAt(int location) {
        return operators.stream().filter(o -> o.node().location() == location).toList();
    }

    /** Location {@code id}. */
    LocationInfo location(int id) {
        return graph.location(id);
    }

    /** Every member of every location, as (location, member) pairs in order. */
    List<MemberKey> allMembers() {
        List<MemberKey> out = new ArrayList<>();
        for (int l = 0; l < sizes.size(); l++) {
            for (int m = 0; m < sizes.get(l); m++) {
                out.add(new MemberKey(l, m));
            }
        }
        return out;
    }
}
