package io.sluice.runtime.node;

import io.sluice.runtime.actor.FlowEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.util.concurrent.CompletableFuture;

/**
 * The progress of a flow as seen from one node.
 *
 * @param deployed  completes when every member is up and wired (the start barrier)
 * @param completed completes when every operator of every member has finished
 * @param restarts  the members that ran again on another node after theirs was lost, oldest first
 */
public record FlowWatch(CompletableFuture<Void> deployed, CompletableFuture<Void> completed,
                        List<FlowEvent.MemberRestarted> restarts) {

    /** A watch of a flow not yet deployed. */
    public static FlowWatch create() {
        return new FlowWatch(new CompletableFuture<>(), new CompletableFuture<>(), new CopyOnWriteArrayList<>());
    }
}
