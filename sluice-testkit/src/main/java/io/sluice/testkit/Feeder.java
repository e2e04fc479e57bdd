package io.sluice.testkit;

/**
 * The tag of the process that {@link FlowTestKit#input(io.sluice.dataflow.FlowBuilder,
 * io.sluice.dataflow.Cluster, Class)} adds to a flow to feed a cluster: its name shows in the
 * flow's graph and logs as {@code io.sluice.testkit.Feeder}.
 */
final class Feeder {

    private Feeder() {
    }
}
