package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Zero or one value of {@code T} at {@code L}: Hydro's {@code Optional}, named so that it does
 * not clash with {@link java.util.Optional}, which operator functions such as
 * {@link Stream#filterMap} use. A {@code reduce}, {@code min} or {@code first} makes one: empty
 * until its input has an element (per tick inside a tick).
 *
 * <pre>{@code
 * OptionalValue<Integer, Process<Leader>> highest = bids.batch(tick).max(Comparator.naturalOrder());
 * highest.orElse(0).latest().sampleEvery(Duration.ofSeconds(1)).forEach(System.out::println);
 * }</pre>
 *
 * @param <T> the value type
 * @param <L> the location type
 */
public abstract sealed class OptionalValue<T, L extends Location> extends Located<L>
        permits ProcessOptionalValue, ClusterOptionalValue {

    OptionalValue(FlowBuilder flow, int node, L location, int tick) {
        super(flow, node, location, tick, true);
    }

    /** An optional of the right kind for {@code location}. */
    @SuppressWarnings("unchecked")
    static <T, L extends Location> OptionalValue<T, L> make(FlowBuilder flow, int node, L location, int tick) {
        if (location instanceof Process<?> p) {
            return (OptionalValue<T, L>) new ProcessOptionalValue<>(flow, node, p, tick);
        }
        return (OptionalValue<T, L>) new ClusterOptionalValue<>(flow, node, (Cluster<?>) location, tick);
    }

    /**
     * {@code fn(value)} when there is a value.
     *
     * <pre>{@code
     * highest.map(b -> b * 100)
     * }</pre>
     *
     * @param fn  the function, called once per new value; it must not return null
     * @param <U> the new value type
     * @return an optional of the mapped value, at this location and in this tick
     */
    @SuppressWarnings("unchecked")
    public <U> OptionalValue<U, L> map(Function<? super T, ? extends U> fn) {
        Objects.requireNonNull(fn, "fn");
        return make(flow, mapNode("map", (Function<Object, Object>) fn), location, tick);
    }

    /**
     * Inside a tick: the value when {@code predicate} holds for it, else empty.
     *
     * <pre>{@code
     * highest.filter(b -> b > 10)
     * }</pre>
     *
     * @param predicate the test of each tick's value
     * @return an optional in this tick, empty when the value is absent or fails the test
     */
    @SuppressWarnings("unchecked")
    public OptionalValue<T, L> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        requireBounded("filter of an optional");
        return make(flow, filterNode("filter", (Predicate<Object>) predicate), location, tick);
    }

    /**
     * A singleton: the value, or {@code fallback} while there is none.
     *
     * <pre>{@code
     * highest.orElse(0)
     * }</pre>
     *
     * @param fallback the value while there is none, never null
     * @return a singleton at this location and in this tick
     */
    public Singleton<T, L> orElse(T fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return Singleton.make(flow, add("orElse",
                (id, origin) -> new Node.Fold(id, location.id(), origin, node, () -> fallback, (acc, x) -> x, false)),
                location, tick);
    }

    /**
     * Inside a tick: this tick's value as a stream of zero or one element.
     *
     * <pre>{@code
     * highest.intoStream().allTicks().send(auditor)
     * }</pre>
     *
     * @return a bounded stream in this tick, of zero or one element per tick
     */
    public Stream<T, L> intoStream() {
        requireBounded("intoStream");
        return Stream.make(flow, node, location, tick, true);
    }

    /**
     * Enters {@code tick} with this top-level optional's value at the start of each tick.
     *
     * <pre>{@code
     * leaderId.snapshot(tick)
     * }</pre>
     *
     * @param tick a tick of this optional's location
     * @return a bounded optional inside {@code tick}, empty in ticks before the first value
     */
    public OptionalValue<T, L> snapshot(Tick<L> tick) {
        return make(flow, snapshotNode(tick, false), location, tick.id);
    }

    /**
     * Leaves the tick: a top-level optional holding the value of the latest tick that had one.
     *
     * <pre>{@code
     * highest.latest()
     * }</pre>
     *
     * @return a top-level optional at this location, empty until a tick has a value
     */
    public OptionalValue<T, L> latest() {
        return make(flow, exitNode("latest"), location, FlowGraph.TOP_LEVEL);
    }

    /**
     * Inside a tick: the value of the previous tick.
     *
     * <pre>{@code
     * highest.deferTick()
     * }</pre>
     *
     * @return an optional in this tick, empty in the first tick
     */
    public OptionalValue<T, L> deferTick() {
        return OptionalValue.make(flow, deferNode(), location, tick);
    }

    /**
     * Every {@code period}, the value if it changed since the last sample, and once more when
     * the input ends.
     *
     * <pre>{@code
     * best.sampleEvery(Duration.ofMillis(500)).forEach(System.out::println);
     * }</pre>
     *
     * @param period how often to sample, positive
     * @return a top-level ordered stream of samples at this location; it ends after the final sample
     */
    public Stream<T, L> sampleEvery(Duration period) {
        return Stream.make(flow, sampleNode(period, false), location, tick, true);
    }

    /**
     * This top-level optional's final value, once, when its input ends, if it has one: the
     * result of a reduce over a finite input. Nothing while the input runs, nothing when the
     * input ended empty or never ends.
     *
     * <pre>{@code
     * leader.sourceIter(List.of(4, 9, 2)).max(Comparator.naturalOrder()).atEnd().forEach(System.out::println);   // 9
     * }</pre>
     *
     * <p>Location: this optional's. Network: none. Ordering: at most one element. Completion:
     * the stream ends when this optional's input ends.
     *
     * @return a top-level stream of at most one element at this location
     */
    public Stream<T, L> atEnd() {
        return Stream.make(flow, atEndNode(false), location, tick, true);
    }
}
