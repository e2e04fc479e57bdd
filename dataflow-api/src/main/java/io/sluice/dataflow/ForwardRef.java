package io.sluice.dataflow;

import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A stream that is used before it is defined (Hydro's {@code forward_ref} and tick
 * {@code cycle}): {@link #stream()} can be consumed at once, and {@link #complete} later names
 * the stream it stands for. This is how feedback loops are written: retries, leader election,
 * state carried from one tick to the next.
 *
 * <pre>{@code
 * Tick<Process<Leader>> tick = leader.tick();
 * ForwardRef<ProcessStream<Long, Leader>> total = leader.cycle(tick);   // last tick's total
 * ProcessStream<Long, Leader> now = total.stream()
 *         .chain(numbers.batch(tick))
 *         .foldCommutative(() -> 0L, Long::sum)
 *         .intoStream();
 * total.complete(now);                                                     // feeds the next tick
 * }</pre>
 *
 * <p>Every reference must be completed exactly once, with a stream of the same location (and
 * tick, for a cycle), before the flow is built. Its stream has no guaranteed order.
 *
 * @param <S> the stream type, e.g. {@code ProcessStream<Long, Leader>}
 */
public final class ForwardRef<S extends Stream<?, ?>> {

    private final S stream;
    private final IntConsumer completer;
    private boolean completed;

    ForwardRef(S stream, IntConsumer completer) {
        this.stream = stream;
        this.completer = completer;
    }

    /**
     * The stream this reference stands for: use it now, {@link #complete} it later.
     *
     * @return the placeholder stream, at the reference's location (and tick, for a cycle), unordered
     */
    public S stream() {
        return stream;
    }

    /**
     * Names the stream this reference stands for.
     *
     * @param value the stream this reference stands for: of the same flow, location and tick
     * @throws IllegalStateException    when called twice
     * @throws IllegalArgumentException when {@code value} is of another flow, location or tick
     */
    public void complete(S value) {
        Objects.requireNonNull(value, "value");
        if (completed) {
            throw new IllegalStateException("the reference made by " + stream.flow.origin(stream.node)
                    + " was already completed; complete it once");
        }
        stream.sameScope("complete", value);
        completer.accept(value.node);
        completed = true;
    }
}
