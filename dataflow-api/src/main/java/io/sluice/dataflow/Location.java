package io.sluice.dataflow;

/**
 * Where streams live: a {@link Process} (one member) or a {@link Cluster} (members
 * {@code 0 .. n-1} running the same code). Locations are made by a {@link FlowBuilder}; their ids
 * come from one creation-order counter, and their display name is the tag class's canonical name.
 *
 * <pre>{@code
 * Process<Leader> leader = flow.process(Leader.class);   // location 0
 * Cluster<Worker> workers = flow.cluster(Worker.class);  // location 1
 * }</pre>
 */
public sealed interface Location permits Process, Cluster {

    /**
     * The location id: its index in creation order within its flow.
     *
     * @return the id, from 0, shared by processes and clusters
     */
    int id();

    /**
     * The display name: the tag class's canonical name.
     *
     * @return the canonical name of the tag class (its binary name when it has none)
     */
    String name();
}
