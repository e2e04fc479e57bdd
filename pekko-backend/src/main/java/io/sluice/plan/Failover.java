package io.sluice.plan;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which flows can restart a lost member on a spare node. A restart starts every member's
 * operators again, from a snapshot or the beginning, and replays the sources from the position
 * the snapshot recorded or their start, so every source must replay the same elements and nothing
 * outside the flow may have taken elements that would be handed over again. A {@code sourceIter}
 * iterates its items again; a run-time source ({@code sourceStream}, {@code sourceQueue},
 * {@code ActorSource}) emits again what its member kept since the last complete snapshot, and a
 * {@code destSink} hands over only what a complete snapshot covers, so both need the flow to take
 * snapshots; an external port's requests are such a source, and the port stays with its
 * process's member, which therefore may not have spares. Checked when the flow is deployed, so that a flow that could
 * not be restarted is refused before it runs, not after its first loss.
 */
public final class Failover {

    private Failover() {
    }

    /**
     * Refuses a flow that gives spares to {@code locations} but cannot restart.
     *
     * @param plan        the flow's plan
     * @param locations   the locations given spare nodes
     * @param snapshotsOn whether {@code sluice.snapshots.interval} is on
     * @throws IllegalArgumentException naming every operator that stands in the way, and what to do
     */
    public static void check(FlowPlan plan, Set<Integer> locations, boolean snapshotsOn) {
        FlowGraph graph = plan.graph();
        List<String> blockers = Snapshots.blockers(plan);
        List<String> problems = new ArrayList<>();
        for (Node node : graph.nodes()) {
            String why = null;
            String noSnapshots = "this flow takes no snapshots ("
                    + (snapshotsOn ? String.join("; ", blockers) : "sluice.snapshots.interval is off") + ")";
            boolean takesSnapshots = snapshotsOn && blockers.isEmpty();
            if (node instanceof Node.SourceStream && !takesSnapshots) {
                why = "elements pushed at run time (a queue, a publisher, an actor) are replayed after a restart from"
                        + " what the source kept since the last snapshot, and " + noSnapshots;
            } else if (node instanceof Node.DestSink && !takesSnapshots) {
                why = "the subscriber gets each element once a snapshot covers it, so that a restart hands it"
                        + " nothing twice, and " + noSnapshots;
            } else if (node instanceof Node.ExternalSource source && locations.contains(source.binding().location())) {
                why = portMoves(graph, source.binding().location());
            } else if (node instanceof Node.ExternalSink sink && locations.contains(sink.binding().location())) {
                why = portMoves(graph, sink.binding().location());
            } else if (node instanceof Node.ExternalSource && !takesSnapshots) {
                why = "requests of external clients are replayed after a restart from what the port kept since the"
                        + " last snapshot, and " + noSnapshots;
            } else if (node instanceof Node.ClusterMembers m) {
                why = "the flow watches the membership of " + graph.location(m.cluster()).label()
                        + ", whose lost members leave it (LEFT), while a restart brings every member back";
            }
            if (why != null) {
                problems.add(node.origin() + ": " + why);
            }
        }
        if (!problems.isEmpty()) {
            String where = locations.stream().sorted().map(l -> graph.location(l).label())
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("withSpares(" + where + "): a lost member restarts the flow from its"
                    + " last snapshot or its beginning, and this flow cannot be restarted: " + String.join("; ", problems)
                    + ". Deploy it without spares (a lost member then fails it), or read replayable sources"
                    + " (sourceIter, or run-time sources with snapshots on) and keep results in the flow or hand them"
                    + " to a destSink");
        }
    }

    /** Why an external port cannot be on a location with spares. */
    private static String portMoves(FlowGraph graph, int process) {
        String label = graph.location(process).label();
        return "its clients are connected to the node of " + label + ", and would lose their connections and"
                + " the replies not yet sent if the member moved to a spare node; give " + label + " no spares"
                + " (spares for the other locations are fine: the port's member keeps its clients across their"
                + " restarts), and its loss fails the flow";
    }
}
