package io.sluice.dataflow;

/**
 * A deployed flow could not be set up or did not run to completion: a member never joined, an
 * operator's function threw, a member's node was lost. The message says where (location and
 * member, operator and call site) and why.
 *
 * <pre>{@code
 * try {
 *     deployment.deploy();
 *     deployment.start();
 *     deployment.awaitCompletion(Duration.ofMinutes(1));
 * } catch (FlowFailedException e) {
 *     System.err.println(e.getMessage());   // e.g. "[... Worker (cluster 1) / 2]: map at Job.java:31 failed: ..."
 * }
 * }</pre>
 */
public final class FlowFailedException extends RuntimeException {

    /**
     * A failure with its cause, e.g. the exception an operator's function threw.
     *
     * @param message where the flow failed and why
     * @param cause   the underlying exception
     */
    public FlowFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A failure without an underlying exception, e.g. a member that never joined.
     *
     * @param message where the flow failed and why
     */
    public FlowFailedException(String message) {
        super(message);
    }
}
