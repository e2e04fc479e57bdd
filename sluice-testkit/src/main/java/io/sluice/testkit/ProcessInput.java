package io.sluice.testkit;

import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.SourceQueue;
import java.time.Duration;
import java.util.Objects;

/**
 * Elements a test pushes into a process while its flow runs: a {@link SourceQueue} read by
 * {@code process.sourceQueue}, made by {@link FlowTestKit#input(Process, Class)}. Use
 * {@link #stream()} in the flow, start it, then push; complete the input to let the flow end.
 *
 * <pre>{@code
 * ProcessInput<Integer, Leader> numbers = kit.input(leader, Integer.class);
 * Output<Integer> doubled = kit.collect(numbers.stream().map(n -> n * 2));
 * kit.start(flow);
 * numbers.push(1, 2);
 * doubled.assertYields(2, 4);
 * numbers.push(3);
 * numbers.complete();
 * doubled.assertYieldsOnly(6);
 * }</pre>
 *
 * <p>The stream is ordered: elements come out in the order they were pushed. Pushing before the
 * flow starts is allowed: up to 256 elements wait in the input's buffer.
 *
 * @param <T> the element type
 * @param <P> the process's tag type
 */
public final class ProcessInput<T, P> {

    private final SourceQueue<T> queue;
    private final ProcessStream<T, P> stream;
    private final String where;
    private final Duration timeout;

    ProcessInput(Process<P> process, Duration timeout) {
        this.queue = SourceQueue.bounded(Feeding.CAPACITY);
        this.stream = process.sourceQueue(queue);
        this.where = process.toString();
        this.timeout = timeout;
    }

    /**
     * The stream of the pushed elements, on the process: use it once in the flow.
     *
     * <pre>{@code
     * numbers.stream().map(n -> n * 2).forEach(System.out::println);
     * }</pre>
     *
     * @return a top-level, ordered stream that ends after {@link #complete()}
     */
    public ProcessStream<T, P> stream() {
        return stream;
    }

    /**
     * Pushes {@code values} into the flow, in order; returns once the input has taken them all
     * (at once while its buffer has room).
     *
     * <pre>{@code
     * numbers.push(1, 2, 3);
     * }</pre>
     *
     * @param values the elements, not null
     * @throws IllegalStateException when the input takes no more: it was completed, or its flow ended, failed or was stopped
     * @throws AssertionError        when the flow does not make room within the kit's timeout
     */
    @SafeVarargs
    public final void push(T... values) {
        for (T value : values) {
            Feeding.offer(queue, Objects.requireNonNull(value, "a pushed value"), timeout, where);
        }
    }

    /**
     * Ends the input once what was pushed has gone into the flow: the stream ends, and the flow
     * can complete. Later pushes fail. Idempotent.
     *
     * <pre>{@code
     * numbers.complete();
     * }</pre>
     */
    public void complete() {
        queue.complete();
    }

    @Override
    public String toString() {
        return "input of " + where + ": " + queue;
    }
}
