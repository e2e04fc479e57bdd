package io.sluice.testkit;

import io.sluice.dataflow.SourceQueue;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Offers to an input's queue from the test's thread, each offer waited for, within a timeout. */
final class Feeding {

    /** How many elements an input's queue buffers (and how many more offers may wait). */
    static final int CAPACITY = 256;

    private Feeding() {
    }

    /**
     * Offers {@code element} and waits until the queue took it.
     *
     * @throws IllegalStateException when the queue takes no more (completed, or its flow ended or failed)
     * @throws AssertionError        when the flow did not make room within {@code timeout}
     */
    static <E> void offer(SourceQueue<E> queue, E element, Duration timeout, String where) {
        try {
            queue.offer(element).toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("push to " + where + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("push to " + where + ": the flow did not take " + element + " within "
                    + timeout.toMillis() + " ms (the input buffers " + CAPACITY + " elements; is the flow started, "
                    + "and does it consume its input?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("push to " + where + ": interrupted", e);
        }
    }
}
