package io.sluice.deploy.launch;

import io.sluice.dataflow.FlowFailedException;
import io.sluice.runtime.node.SluiceNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a flow's milestones, with faults from any source turned into {@link FlowFailedException},
 * and for its nodes to stop.
 */
public final class Awaiting {

    private Awaiting() {
    }

    /**
     * Waits until {@code milestone} completes or {@code fault} fails, at most {@code timeout}
     * (none: forever).
     *
     * @return false when the time ran out
     * @throws FlowFailedException when either failed
     */
    static boolean await(CompletableFuture<Void> milestone, CompletableFuture<Void> fault, Optional<Duration> timeout) {
        CompletableFuture<Object> either = CompletableFuture.anyOf(milestone, fault);
        try {
            if (timeout.isPresent()) {
                either.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                either.get();
            }
            return true;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlowFailedException("interrupted while waiting for the flow");
        }
    }

    /**
     * Completes when {@code milestone} does, or fails with a {@link FlowFailedException} as soon
     * as either of them fails: {@link #await} without blocking.
     */
    static CompletableFuture<Void> either(CompletableFuture<Void> milestone, CompletableFuture<Void> fault) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        milestone.whenComplete((done, failure) -> {
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(failure(unwrap(failure)));
            }
        });
        fault.whenComplete((done, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure(unwrap(failure)));
            }
        });
        return result;
    }

    /** The address of an external port once {@code address} has it; fails clearly after {@code timeout}. */
    static java.net.InetSocketAddress external(CompletableFuture<java.net.InetSocketAddress> address,
                                                io.sluice.dataflow.ir.ExternalBinding binding, Duration timeout) {
        try {
            return address.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(binding + ": not listening within " + timeout + " (is its process hosted "
                    + "by this JVM, or launched by it, and deployed?)", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(unwrap(e).getMessage(), unwrap(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the address of " + binding, e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * Terminates {@code nodes} and waits until every one of them is gone, at most {@code timeout}.
     *
     * @param what how the failure names them, e.g. "members" or "this node"
     * @throws FlowFailedException when they did not stop in time
     */
    static void terminate(List<SluiceNode> nodes, String what, Duration timeout) {
        nodes.forEach(SluiceNode::expectPeersToVanish);
        CompletableFuture<?>[] terminated = nodes.stream()
                .map(n -> n.terminate().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(terminated).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new FlowFailedException(what + " did not stop within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static FlowFailedException failure(Throwable cause) {
        if (cause instanceof FlowFailedException f) {
            return new FlowFailedException(f.getMessage(), f);
        }
        return new FlowFailedException("the flow failed: " + cause, cause);
    }
}
