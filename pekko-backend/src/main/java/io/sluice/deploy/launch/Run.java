package io.sluice.deploy.launch;

import io.sluice.runtime.actor.FlowEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One deployment's way of running: launching members from here, or being one configured member. */
public interface Run {

    /** Starts what this JVM starts and waits for the start barrier. */
    void deploy();

    /** Asks for the sources to start. */
    void start();

    /** Waits for completion; false when {@code timeout} passed first. */
    boolean awaitCompletion(Duration timeout);

    /** Waits for completion however long it takes. */
    void awaitCompletion();

    /** Completes with the flow, or fails with a {@code FlowFailedException}; never blocks. */
    CompletableFuture<Void> completion();

    /** Stops everything this JVM started. */
    void stop();

    /** What member {@code member} of location {@code location} printed, as far as this JVM knows. */
    List<String> stdout(int location, int member);

    /**
     * The address the port of {@code binding} listens on; waits for it up to {@code timeout}.
     * By default the port is served in this JVM.
     */
    default java.net.InetSocketAddress externalAddress(io.sluice.dataflow.ir.ExternalBinding binding, Duration timeout) {
        return Awaiting.external(io.sluice.runtime.external.ExternalServers.address(binding), binding, timeout);
    }

    /** The members that ran again on another node after theirs was lost, oldest first. */
    default List<FlowEvent.MemberRestarted> restarts() {
        return List.of();
    }
}
