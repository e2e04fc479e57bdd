package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import java.util.List;
import java.util.Map;

/**
 * A backend that accepts a finished flow and where each of its members runs. Implemented by the
 * Pekko backend's {@code io.sluice.deploy.Deployment}; users only pass one to
 * {@link FlowBuilder#deploy(Deployer)}.
 *
 * <pre>{@code
 * Deployment deployment = new Deployment();          // implements Deployer
 * flow.withProcess(leader, deployment.inJvm()).deploy(deployment);
 * }</pre>
 */
public interface Deployer {

    /**
     * Takes a validated, immutable flow graph and its placement.
     *
     * @param graph     the flow, validated and frozen
     * @param placement for every location id of the graph, the hosts of its members in member-id
     *                  order (one host for a process)
     */
    void install(FlowGraph graph, Map<Integer, List<Host>> placement);

    /**
     * Takes a flow whose locations also have spare nodes ({@code FlowBuilder.withSpares}). A
     * backend that cannot restart members refuses.
     *
     * @param graph     the flow, validated and frozen
     * @param placement for every location id of the graph, the hosts of its members in member-id order
     * @param spares    for some location ids, the hosts of their spare nodes; not empty
     * @throws UnsupportedOperationException when this backend cannot restart members
     */
    default void install(FlowGraph graph, Map<Integer, List<Host>> placement, Map<Integer, List<Host>> spares) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restart lost members on spare "
                + "nodes; deploy without withSpares");
    }
}
