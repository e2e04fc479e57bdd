package io.sluice.dataflow.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws a {@link FlowGraph} as a Mermaid flowchart or a Graphviz DOT digraph, from one layout:
 * each location is a group, each tick a group inside its location, each node a box labelled with
 * its id and operator; an edge per input, a network edge labelled with its kind ({@code send},
 * {@code sendAnonymous}, {@code roundRobin}, {@code broadcast}, {@code demux}), and a feedback
 * edge (into a forward reference, from a node made later) dashed.
 */
final class FlowPicture {

    /** The words of one picture language; every method gives one line, without indentation. */
    enum Syntax {
        MERMAID {
            @Override
            List<String> begin() {
                return List.of("flowchart TD");
            }

            @Override
            String group(String id, String label) {
                return "subgraph " + id + "[\"" + label + "\"]";
            }

            @Override
            String endGroup() {
                return "end";
            }

            @Override
            String node(int id, String label) {
                return "n" + id + "[\"" + label + "\"]";
            }

            @Override
            String edge(int from, int to, String label, boolean feedback) {
                return "n" + from + (feedback ? " -.->" : " -->") + (label.isEmpty() ? "" : "|" + label + "|") + " n" + to;
            }

            @Override
            List<String> end() {
                return List.of();
            }
        },
        DOT {
            @Override
            List<String> begin() {
                return List.of("digraph flow {", "    node [shape=box];");
            }

            @Override
            String group(String id, String label) {
                return "subgraph cluster_" + id + " { label=\"" + label + "\";";
            }

            @Override
            String endGroup() {
                return "}";
            }

            @Override
            String node(int id, String label) {
                return "n" + id + " [label=\"" + label + "\"];";
            }

            @Override
            String edge(int from, int to, String label, boolean feedback) {
                List<String> attributes = new ArrayList<>();
                if (!label.isEmpty()) {
                    attributes.add("label=\"" + label + "\"");
                }
                if (feedback) {
                    attributes.add("style=dashed");
                }
                return "n" + from + " -> n" + to + (attributes.isEmpty() ? "" : " [" + String.join(", ", attributes) + "]")
                        + ";";
            }

            @Override
            List<String> end() {
                return List.of("}");
            }
        };

        abstract List<String> begin();

        abstract String group(String id, String label);

        abstract String endGroup();

        abstract String node(int id, String label);

        abstract String edge(int from, int to, String label, boolean feedback);

        abstract List<String> end();
    }

    private static final String INDENT = "    ";

    private FlowPicture() {
    }

    /** {@code graph} drawn in {@code syntax}. */
    static String draw(FlowGraph graph, Syntax syntax) {
        StringBuilder out = new StringBuilder();
        syntax.begin().forEach(line -> out.append(line).append('\n'));
        for (LocationInfo location : graph.locations()) {
            List<Node> nodes = graph.nodesAt(location.id());
            if (nodes.isEmpty()) {
                continue;
            }
            line(out, 1, syntax.group("loc" + location.id(), quoted(location.label())));
            Map<Integer, List<Node>> ticks = new TreeMap<>();
            for (Node node : nodes) {
                NodeMeta meta = graph.meta(node.id());
                if (meta.bounded()) {
                    ticks.computeIfAbsent(meta.tick(), t -> new ArrayList<>()).add(node);
                } else {
                    line(out, 2, syntax.node(node.id(), label(node)));
                }
            }
            ticks.forEach((tick, inside) -> {
                line(out, 2, syntax.group("tick" + tick, "tick " + tick));
                inside.forEach(node -> line(out, 3, syntax.node(node.id(), label(node))));
                line(out, 2, syntax.endGroup());
            });
            line(out, 1, syntax.endGroup());
        }
        for (Node node : graph.nodes()) {
            String kind = node instanceof Node.Network ? node.origin().operator() : "";
            for (int input : node.inputs()) {
                line(out, 1, syntax.edge(input, node.id(), kind, input > node.id()));
            }
        }
        syntax.end().forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private static void line(StringBuilder out, int depth, String text) {
        out.append(INDENT.repeat(depth)).append(text).append('\n');
    }

    private static String label(Node node) {
        return node.id() + ": " + node.origin().operator();
    }

    /** {@code text} safe inside a double-quoted label of either language. */
    private static String quoted(String text) {
        return text.replace("\\", "/").replace("\"", "'");
    }
}
