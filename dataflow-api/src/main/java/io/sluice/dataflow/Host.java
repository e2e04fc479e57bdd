package io.sluice.dataflow;

/**
 * Where one member of a location runs. Hosts are made by a backend's deployment (for the Pekko
 * backend: {@code Deployment.localhost()} for a member in its own JVM on this machine,
 * {@code Deployment.inJvm()} for a member inside this JVM, {@code Deployment.onSystem(system)} for a
 * member on an ActorSystem the application owns) and handed to
 * {@link FlowBuilder#withProcess} and {@link FlowBuilder#withCluster}.
 *
 * <pre>{@code
 * flow.withProcess(leader, deployment.localhost())
 *     .withCluster(workers, Collections.nCopies(4, deployment.localhost()))
 *     .deploy(deployment);
 * }</pre>
 */
public interface Host {

    /**
     * A short human description of the host, for messages and logs (e.g. {@code "localhost JVM"}).
     *
     * @return the description, never empty
     */
    String describe();
}
