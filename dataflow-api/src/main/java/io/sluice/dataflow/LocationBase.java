package io.sluice.dataflow;

import io.sluice.dataflow.ir.LocationKind;

/** What processes and clusters share: their flow, id, tag and display name. */
abstract class LocationBase {

    private final FlowBuilder flow;
    private final int id;
    private final Class<?> tag;
    private final LocationKind kind;

    LocationBase(FlowBuilder flow, int id, Class<?> tag, LocationKind kind) {
        this.flow = flow;
        this.id = id;
        this.tag = tag;
        this.kind = kind;
    }

    /**
     * The location id: its index in creation order within its flow.
     *
     * @return the id, from 0, shared by processes and clusters
     */
    public int id() {
        return id;
    }

    /**
     * The display name: the tag class's canonical name.
     *
     * @return the canonical name of the tag class (its binary name when it has none)
     */
    public String name() {
        return FlowBuilder.displayName(tag);
    }

    FlowBuilder flow() {
        return flow;
    }

    /** E.g. {@code io.sluice.examples.FirstTenCluster.Worker (cluster 1)}. */
    @Override
    public String toString() {
        return name() + " (" + kind.word() + " " + id + ")";
    }
}
