package io.sluice.runtime.node;

import java.util.concurrent.CompletableFuture;

/**
 * The progress of a flow as seen from one node.
 *
 * @param deployed  completes when every member is up and wired (the start barrier)
 * @param completed completes when every operator of every member has finished
 */
public record FlowWatch(CompletableFuture<Void> deployed, CompletableFuture<Void> completed) {
}
