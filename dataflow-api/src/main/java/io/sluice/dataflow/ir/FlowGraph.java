package io.sluice.dataflow.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A finished flow: its locations and nodes, both indexed by id, and each node's metadata.
 * Immutable; the builder checks it with {@link Validation} before handing it out (every
 * forward reference completed, every non-sink node consumed).
 *
 * @param locations the locations, {@code locations.get(i).id() == i}
 * @param nodes     the nodes in creation order, {@code nodes.get(i).id() == i}; inputs come first
 * @param meta      each node's metadata, {@code meta.get(i)} that of node {@code i}
 */
public record FlowGraph(List<LocationInfo> locations, List<Node> nodes, List<NodeMeta> meta) {

    /** Top-level: not inside any tick. */
    public static final int TOP_LEVEL = -1;

    /** The input of a forward reference's placeholder node until the reference is completed. */
    public static final int OPEN_REFERENCE = -1;

    /**
     * Freezes the lists.
     *
     * @param locations the locations, by id
     * @param nodes     the nodes, by id
     * @param meta      each node's metadata, by node id
     * @throws IllegalArgumentException when {@code meta} does not hold one entry per node
     */
    public FlowGraph {
        locations = List.copyOf(locations);
        nodes = List.copyOf(nodes);
        meta = List.copyOf(meta);
        if (meta.size() != nodes.size()) {
            throw new IllegalArgumentException("a FlowGraph needs one NodeMeta per node: " + nodes.size()
                    + " nodes, " + meta.size() + " metadata entries");
        }
    }

    /**
     * The tick whose batches node {@code id} emits, or {@link #TOP_LEVEL}: an entry
     * ({@link Node.Batch}, {@link Node.Snapshot}, {@link Node.Defer}) is in its tick,
     * {@link Node.AllTicks}, sources and top-level cycles are not, every other node is where its
     * first input is.
     *
     * @param id a node id
     * @return a tick id, or {@link #TOP_LEVEL}
     */
    public int scope(int id) {
        Node n = nodes.get(id);
        if (n instanceof Node.Batch b) {
            return b.tick();
        }
        if (n instanceof Node.Snapshot s) {
            return s.tick();
        }
        if (n instanceof Node.Defer d) {
            return d.tick();
        }
        if (n instanceof Node.AllTicks || n instanceof Node.Cycle || n.inputs().isEmpty()) {
            return TOP_LEVEL;
        }
        return scope(n.inputs().get(0));
    }

    /**
     * The tick whose batches node {@code id} receives, or {@link #TOP_LEVEL}: the scope of its
     * inputs (all inputs of a node share one scope).
     *
     * @param id a node id
     * @return a tick id, or {@link #TOP_LEVEL} (also for a source)
     */
    public int inputScope(int id) {
        Node n = nodes.get(id);
        if (n instanceof Node.Defer d) {
            return d.tick();
        }
        return n.inputs().isEmpty() ? TOP_LEVEL : scope(n.inputs().get(0));
    }

    /**
     * The metadata of node {@code id}: its location, tick and order.
     *
     * @param id a node id
     * @return the node's metadata
     */
    public NodeMeta meta(int id) {
        return meta.get(id);
    }

    /**
     * The location with id {@code id}.
     *
     * @param id a location id
     * @return the location
     */
    public LocationInfo location(int id) {
        return locations.get(id);
    }

    /**
     * The node with id {@code id}.
     *
     * @param id a node id
     * @return the node
     */
    public Node node(int id) {
        return nodes.get(id);
    }

    /**
     * The ids of the nodes that consume node {@code id}'s output, in id order.
     *
     * @param id a node id
     * @return the consumers' ids, empty for a sink; a node reading it on two ports is listed twice
     */
    public List<Integer> consumers(int id) {
        List<Integer> out = new ArrayList<>();
        for (Node n : nodes) {
            for (int in : n.inputs()) {
                if (in == id) {
                    out.add(n.id());
                }
            }
        }
        return out;
    }

    /**
     * The nodes located at location {@code locationId}, in id order.
     *
     * @param locationId a location id
     * @return the nodes, empty when the location has none
     */
    public List<Node> nodesAt(int locationId) {
        return nodes.stream().filter(n -> n.location() == locationId).toList();
    }

    /**
     * The external ports of the flow (each bound once, by {@code bidiExternalMany}), in the
     * order of their first node.
     *
     * @return the bindings, empty when no process serves external clients
     */
    public List<ExternalBinding> externals() {
        java.util.Set<ExternalBinding> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<ExternalBinding> out = new java.util.ArrayList<>();
        for (Node n : nodes) {
            ExternalBinding b = n instanceof Node.ExternalSource s ? s.binding()
                    : n instanceof Node.ExternalSink k ? k.binding() : null;
            if (b != null && seen.add(b)) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * The ids of the cluster locations whose membership the flow watches (with
     * {@code sourceClusterMembers}), in id order. The flow goes on without a member of such a
     * cluster that leaves, rather than failing.
     *
     * @return location ids, empty when no flow watches membership
     */
    public List<Integer> watchedClusters() {
        return nodes.stream().filter(n -> n instanceof Node.ClusterMembers)
                .map(n -> ((Node.ClusterMembers) n).cluster()).distinct().sorted().toList();
    }

    /**
     * The graph as text, one node a line with its metadata:
     * {@code 3 @1 map <- 2 [top level, unbounded, ordered]}. Stable across runs: tests compare it
     * to check a flow's shape.
     *
     * @return one line per location, then one per node, each ending in a newline
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (LocationInfo l : locations) {
            sb.append("location ").append(l.id()).append(": ").append(l.label()).append('\n');
        }
        for (Node n : nodes) {
            sb.append(n.id()).append(" @").append(n.location()).append(' ').append(n.describe());
            if (!n.inputs().isEmpty()) {
                sb.append(" <- ");
                sb.append(String.join(", ", n.inputs().stream().map(String::valueOf).toList()));
            }
            sb.append(' ').append(meta(n.id()).describe()).append('\n');
        }
        return sb.toString();
    }

    /**
     * The graph as a Mermaid flowchart (GitHub renders it in a {@code mermaid} code block): each
     * location a subgraph, each tick a subgraph inside its location, each node labelled with its
     * id and operator, network edges labelled with their kind, feedback edges dotted.
     *
     * @return the Mermaid text, stable across runs
     */
    public String toMermaid() {
        return FlowPicture.draw(this, FlowPicture.Syntax.MERMAID);
    }

    /**
     * The graph as a Graphviz DOT digraph, laid out as {@link #toMermaid()}: locations and ticks
     * as clusters, network edges labelled with their kind, feedback edges dashed.
     *
     * @return the DOT text, stable across runs
     */
    public String toDot() {
        return FlowPicture.draw(this, FlowPicture.Syntax.DOT);
    }
}
