package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One value of {@code T} at {@code L} that changes over time: Hydro's {@code Singleton}. A fold
 * or count makes one: at top level it is updated as its input arrives; inside a tick it has one
 * value per tick.
 *
 * <p>A top-level singleton is read by taking its value into a tick ({@link #snapshot(Tick)}) or
 * by sampling it ({@link #sampleEvery(Duration)}); a tick's singleton becomes a stream of one
 * element with {@link #intoStream()} and leaves the tick with {@link #latest()}.
 *
 * <pre>{@code
 * Singleton<Long, Process<Leader>> total = numbers.foldCommutative(() -> 0L, Long::sum);
 * total.sampleEvery(Duration.ofSeconds(1)).forEach(t -> System.out.println("total so far " + t));
 * }</pre>
 *
 * @param <T> the value type
 * @param <L> the location type
 */
public abstract sealed class Singleton<T, L extends Location> extends Located<L>
        permits ProcessSingleton, ClusterSingleton {

    Singleton(FlowBuilder flow, int node, L location, int tick) {
        super(flow, node, location, tick, true);
    }

    /** A singleton of the right kind for {@code location}. */
    @SuppressWarnings("unchecked")
    static <T, L extends Location> Singleton<T, L> make(FlowBuilder flow, int node, L location, int tick) {
        if (location instanceof Process<?> p) {
            return (Singleton<T, L>) new ProcessSingleton<>(flow, node, p, tick);
        }
        return (Singleton<T, L>) new ClusterSingleton<>(flow, node, (Cluster<?>) location, tick);
    }

    /**
     * {@code fn(value)}, kept up to date with the value.
     *
     * <pre>{@code
     * count.map(n -> n * 2)
     * }</pre>
     *
     * @param fn  the function, called once per new value; it must not return null
     * @param <U> the new value type
     * @return a singleton of the mapped value, at this location and in this tick
     */
    @SuppressWarnings("unchecked")
    public <U> Singleton<U, L> map(Function<? super T, ? extends U> fn) {
        Objects.requireNonNull(fn, "fn");
        return make(flow, mapNode("map", (Function<Object, Object>) fn), location, tick);
    }

    /**
     * Inside a tick: the value when {@code predicate} holds for it, else empty.
     *
     * <pre>{@code
     * count.filter(n -> n > 100)      // OptionalValue: present in busy ticks only
     * }</pre>
     *
     * @param predicate the test of each tick's value
     * @return an optional in this tick, empty in the ticks whose value fails the test
     */
    @SuppressWarnings("unchecked")
    public OptionalValue<T, L> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        requireBounded("filter of a singleton");
        return OptionalValue.make(flow, filterNode("filter", (Predicate<Object>) predicate), location, tick);
    }

    /**
     * Inside a tick: this tick's value as a stream of one element.
     *
     * <pre>{@code
     * batch.count().intoStream().allTicks().sendAnonymous(leader)
     * }</pre>
     *
     * @return a bounded stream in this tick, of exactly one element per tick
     */
    public Stream<T, L> intoStream() {
        requireBounded("intoStream");
        return Stream.make(flow, node, location, tick, true);
    }

    /**
     * Enters {@code tick} with this top-level singleton's value at the start of each tick
     * (nothing before its first value). Hydro's {@code snapshot}.
     *
     * <pre>{@code
     * total.snapshot(tick).intoStream().crossProduct(requests.batch(tick))
     * }</pre>
     *
     * @param tick a tick of this singleton's location
     * @return a bounded singleton inside {@code tick}
     */
    public Singleton<T, L> snapshot(Tick<L> tick) {
        return make(flow, snapshotNode(tick, false), location, tick.id);
    }

    /**
     * Leaves the tick: a top-level singleton whose value is this one's in the latest tick.
     *
     * <pre>{@code
     * batch.count().latest().sampleEvery(Duration.ofSeconds(1))
     * }</pre>
     *
     * @return a top-level singleton at this location, updated at the end of every tick
     */
    public Singleton<T, L> latest() {
        return make(flow, exitNode("latest"), location, FlowGraph.TOP_LEVEL);
    }

    /**
     * Inside a tick: the value this singleton had in the previous tick (empty in the first).
     *
     * <pre>{@code
     * OptionalValue<Long, ...> before = count.deferTick();
     * }</pre>
     *
     * @return an optional in this tick, empty in the first tick
     */
    public OptionalValue<T, L> deferTick() {
        return OptionalValue.make(flow, deferNode(), location, tick);
    }

    /**
     * Every {@code period}, this top-level singleton's value if it changed since the last
     * sample, and its final value once more when its input ends (Hydro's {@code sample_every}).
     *
     * <pre>{@code
     * estimate.sampleEvery(Duration.ofSeconds(1)).forEach(pi -> System.out.println("pi ~ " + pi));
     * }</pre>
     *
     * @param period how often to sample, positive
     * @return a top-level ordered stream of samples at this location; it ends after the final sample
     */
    public Stream<T, L> sampleEvery(Duration period) {
        return Stream.make(flow, sampleNode(period, false), location, tick, true);
    }

    /**
     * This top-level singleton's final value, once, when its input ends: the result of a fold
     * over a finite input (Hydro gives it as the {@code into_stream} of a bounded singleton).
     * Nothing is emitted while the input runs, and nothing at all if it never ends. A fold over
     * an input that ends empty gives its initial value.
     *
     * <pre>{@code
     * leader.sourceIter(List.of(1, 2, 3)).fold(() -> 0, Integer::sum).atEnd().forEach(System.out::println);   // 6
     * }</pre>
     *
     * <p>Location: this singleton's. Network: none. Ordering: one element. Completion: the
     * stream ends right after its only element, when this singleton's input ends.
     *
     * @return a top-level stream of at most one element at this location
     */
    public Stream<T, L> atEnd() {
        return Stream.make(flow, atEndNode(false), location, tick, true);
    }
}
