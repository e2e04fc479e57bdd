package io.sluice.dataflow.ir;

/**
 * A location of the graph.
 *
 * @param id   the location id, from one creation-order counter shared by processes and clusters
 * @param kind process or cluster
 * @param name the display name: the tag class's canonical name
 */
public record LocationInfo(int id, LocationKind kind, String name) {

    /**
     * How the location is shown, e.g. {@code io.sluice.examples.FirstTenCluster.Worker (cluster 1)}.
     *
     * @return the name, the kind and the id
     */
    public String label() {
        return name + " (" + kind.word() + " " + id + ")";
    }

    /**
     * The prefix of lines printed by member {@code member}, e.g. {@code [... (cluster 1) / 2]}.
     *
     * @param member the member's id (ignored for a process, whose only member is 0)
     * @return the prefix, in brackets
     */
    public String memberPrefix(int member) {
        return kind == LocationKind.PROCESS ? "[" + label() + "]" : "[" + label() + " / " + member + "]";
    }
}
