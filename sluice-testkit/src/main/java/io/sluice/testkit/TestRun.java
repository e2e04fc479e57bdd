package io.sluice.testkit;

import io.sluice.dataflow.FlowFailedException;
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A flow running on the kit's cluster, started by {@link FlowTestKit#start}: await its end,
 * expect its failure, or stop it. The kit stops a run the test left open after the test.
 *
 * <pre>{@code
 * try (TestRun run = kit.start(flow)) {
 *     out.assertYields(1, 2);
 *     run.awaitCompletion();
 * }
 * }</pre>
 */
public final class TestRun implements AutoCloseable {

    private final Deployment deployment;
    private final List<Collected<?>> outputs;
    private final Duration timeout;
    private CompletableFuture<Void> completion;
    private boolean closed;

    TestRun(Deployment deployment, List<Collected<?>> outputs, Duration timeout) {
        this.deployment = deployment;
        this.outputs = outputs;
        this.timeout = timeout;
    }

    /** Called once the flow is started: its end ends every output of the run. */
    void watch() {
        completion = deployment.completion().toCompletableFuture();
        completion.whenComplete((done, failure) -> outputs.forEach(o -> o.ended(failure)));
    }

    /**
     * Asserts that the flow completes within the kit's timeout: every finite source ended and
     * its elements went through (inputs must be completed first).
     *
     * <pre>{@code
     * numbers.complete();
     * run.awaitCompletion();
     * }</pre>
     *
     * @throws AssertionError when the flow does not complete in time, or fails (with the failure as the cause)
     */
    public void awaitCompletion() {
        awaitCompletion(timeout);
    }

    /**
     * Asserts that the flow completes within {@code timeout}.
     *
     * <pre>{@code
     * run.awaitCompletion(Duration.ofSeconds(5));
     * }</pre>
     *
     * @param timeout how long to wait at most, positive
     * @throws AssertionError when the flow does not complete in time, or fails (with the failure as the cause)
     */
    public void awaitCompletion(Duration timeout) {
        FlowTestKit.positive(timeout);
        boolean completed;
        try {
            completed = deployment.awaitCompletion(timeout);
        } catch (FlowFailedException e) {
            throw new AssertionError("the flow was expected to complete, but it failed: " + e.getMessage(), e);
        }
        if (!completed) {
            throw new AssertionError("the flow did not complete within " + timeout.toMillis() + " ms (an input not "
                    + "completed, or a source that never ends, keeps a flow running)");
        }
    }

    /**
     * Asserts that the flow fails within the kit's timeout, and returns the failure, whose message
     * names where and why.
     *
     * <pre>{@code
     * FlowFailedException failure = run.awaitFailure();
     * assertTrue(failure.getMessage().contains("no 42 here"));
     * }</pre>
     *
     * @return the failure
     * @throws AssertionError when the flow completes instead, or does not fail in time
     */
    public FlowFailedException awaitFailure() {
        try {
            if (deployment.awaitCompletion(timeout)) {
                throw new AssertionError("the flow was expected to fail, but it completed");
            }
        } catch (FlowFailedException e) {
            return e;
        }
        throw new AssertionError("the flow was expected to fail, but it is still running after "
                + timeout.toMillis() + " ms");
    }

    /**
     * The deployment that runs the flow, for what the kit does not wrap (such as
     * {@link Deployment#stdout} of a member that prints). Do not stop it: {@link #close()} the run.
     *
     * <pre>{@code
     * List<String> printed = run.deployment().stdout(leader);
     * }</pre>
     *
     * @return the deployment
     */
    public Deployment deployment() {
        return deployment;
    }

    /**
     * Stops the flow if it still runs (its actors stop; the kit's systems go on) and ends its
     * outputs: an assertion still waiting for elements fails, saying the run was stopped.
     * Idempotent.
     *
     * <pre>{@code
     * run.close();
     * }</pre>
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            deployment.close();
        } finally {
            // A flow that had completed (or failed) before it was stopped ends its outputs so.
            Throwable end = new CancellationException("the run was stopped");
            if (completion != null && completion.isDone()) {
                end = completion.handle((done, failure) -> failure).join();
            }
            Throwable why = end;
            outputs.forEach(o -> o.ended(why));
        }
    }
}
