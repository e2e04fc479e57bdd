package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One value per key, each changing over time: Hydro's {@code KeyedSingleton}. Per-key folds
 * make one. At top level a key's value is updated as its values arrive; inside a tick there is
 * one value per key per tick.
 *
 * <pre>{@code
 * KeyedSingleton<String, Long, Process<Leader>> totals =
 *         partials.<String, Long>intoKeyed().reduceCommutative(Long::sum);
 * totals.sampleEvery(Duration.ofSeconds(1)).forEach(kv -> System.out.println(kv.key() + ": " + kv.value()));
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <L> the location type
 */
public abstract sealed class KeyedSingleton<K, V, L extends Location> extends Located<L>
        permits ProcessKeyedSingleton, ClusterKeyedSingleton {

    KeyedSingleton(FlowBuilder flow, int node, L location, int tick) {
        super(flow, node, location, tick, true);
    }

    /** A keyed singleton of the right kind for {@code location}. */
    @SuppressWarnings("unchecked")
    static <K, V, L extends Location> KeyedSingleton<K, V, L> make(FlowBuilder flow, int node, L location, int tick) {
        if (location instanceof Process<?> p) {
            return (KeyedSingleton<K, V, L>) new ProcessKeyedSingleton<>(flow, node, p, tick);
        }
        return (KeyedSingleton<K, V, L>) new ClusterKeyedSingleton<>(flow, node, (Cluster<?>) location, tick);
    }

    /**
     * {@code fn(value)} for every key's value.
     *
     * <pre>{@code
     * totals.mapValues(t -> t / 100.0)
     * }</pre>
     *
     * @param fn  the function of each value; it must not return null
     * @param <U> the new value type
     * @return a keyed singleton with the same keys, at this location and in this tick
     */
    public <U> KeyedSingleton<K, U, L> mapValues(Function<? super V, ? extends U> fn) {
        return make(flow, mapValuesNode(fn), location, tick);
    }

    /**
     * The keys for which {@code predicate} holds.
     *
     * <pre>{@code
     * totals.filterKeys(k -> !k.isEmpty())
     * }</pre>
     *
     * @param predicate the test of each key
     * @return a keyed singleton of the accepted keys, at this location and in this tick
     */
    public KeyedSingleton<K, V, L> filterKeys(Predicate<? super K> predicate) {
        return make(flow, filterKeysNode(predicate), location, tick);
    }

    /**
     * Inside a tick: every key with its value, as a stream of {@code KV}s.
     *
     * <pre>{@code
     * counts.entries().allTicks().sendAnonymous(leader)
     * }</pre>
     *
     * @return a bounded stream in this tick, one {@code KV} per key, in no guaranteed order of keys
     */
    public Stream<KV<K, V>, L> entries() {
        requireBounded("entries");
        return Stream.make(flow, node, location, tick, false);
    }

    /**
     * Inside a tick: every key with its value, as a keyed stream (one value per key).
     *
     * <pre>{@code
     * state.intoKeyed().join(requests)
     * }</pre>
     *
     * @return a bounded keyed stream in this tick
     */
    public KeyedStream<K, V, L> intoKeyed() {
        requireBounded("intoKeyed");
        return KeyedStream.make(flow, node, location, tick, true);
    }

    /**
     * Enters {@code tick} with every key's value at the start of each tick.
     *
     * <pre>{@code
     * totals.snapshot(tick).entries()
     * }</pre>
     *
     * @param tick a tick of this keyed singleton's location
     * @return a bounded keyed singleton inside {@code tick}
     */
    public KeyedSingleton<K, V, L> snapshot(Tick<L> tick) {
        return make(flow, snapshotNode(tick, true), location, tick.id);
    }

    /**
     * Leaves the tick: every key's value from the latest tick that had the key.
     *
     * <pre>{@code
     * counts.latest()
     * }</pre>
     *
     * @return a top-level keyed singleton at this location, updated at the end of every tick
     */
    public KeyedSingleton<K, V, L> latest() {
        return make(flow, exitNode("latest"), location, FlowGraph.TOP_LEVEL);
    }

    /**
     * Every {@code period}, every key with its value ({@code KV}s, by key in no guaranteed
     * order) if any changed since the last sample, and once more when the input ends.
     *
     * <pre>{@code
     * totals.sampleEvery(Duration.ofSeconds(1)).forEach(System.out::println);
     * }</pre>
     *
     * @param period how often to sample, positive
     * @return a top-level stream of {@code KV} samples at this location; it ends after the final sample
     */
    public Stream<KV<K, V>, L> sampleEvery(Duration period) {
        return Stream.make(flow, sampleNode(period, true), location, tick, false);
    }

    /**
     * Every key's final value, once, when this top-level keyed singleton's input ends: per-key
     * results of a finite input, such as the final counts of a keyed count. Nothing while the
     * input runs, nothing at all if it never ends.
     *
     * <pre>{@code
     * words.keyBy(w -> w).count().atEnd().forEach(kv -> System.out.println(kv.key() + ": " + kv.value()));
     * }</pre>
     *
     * <p>Location: this keyed singleton's. Network: none. Ordering: one {@code KV} per key, in
     * no guaranteed order. Completion: the stream ends right after the last key's value, when
     * this keyed singleton's input ends.
     *
     * @return a top-level stream of {@code KV}s at this location, one per key
     */
    public Stream<KV<K, V>, L> atEnd() {
        return Stream.make(flow, atEndNode(true), location, tick, false);
    }
}
