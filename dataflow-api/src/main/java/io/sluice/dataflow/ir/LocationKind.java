package io.sluice.dataflow.ir;

/** Whether a location is one node or a set of members running the same code. */
public enum LocationKind {
    /** One member (id 0). */
    PROCESS,
    /** {@code n} members with ids {@code 0 .. n-1}. */
    CLUSTER;

    /**
     * The word used in display names: {@code process} or {@code cluster}.
     *
     * @return the lower-case word
     */
    public String word() {
        return this == PROCESS ? "process" : "cluster";
    }
}
