package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stream of values grouped by key: Hydro's {@code KeyedStream<K, V, L>}. Its order holds
 * within each key at most; aggregations ({@link #fold}, {@link #reduce}, {@link #count}) run per
 * key and give a {@link KeyedSingleton}. Elements are {@code KV(key, value)} pairs; make one
 * with {@link Stream#keyBy} or {@link Stream#intoKeyed()}, go back with {@link #entries()}.
 *
 * <pre>{@code
 * lines.flatMap(l -> List.of(l.split(" ")))
 *      .batch(tick)
 *      .keyBy(w -> w)
 *      .count()                              // KeyedSingleton<String, Long, ...>: this tick's counts
 *      .entries().allTicks().sendAnonymous(leader);
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <L> the location type
 */
public abstract sealed class KeyedStream<K, V, L extends Location> extends Located<L>
        permits ProcessKeyedStream, ClusterKeyedStream {

    KeyedStream(FlowBuilder flow, int node, L location, int tick, boolean ordered) {
        super(flow, node, location, tick, ordered);
    }

    /** A keyed stream of the right kind for {@code location}. */
    @SuppressWarnings("unchecked")
    static <K, V, L extends Location> KeyedStream<K, V, L> make(FlowBuilder flow, int node, L location, int tick,
                                                                 boolean ordered) {
        if (location instanceof Process<?> p) {
            return (KeyedStream<K, V, L>) new ProcessKeyedStream<>(flow, node, p, tick, ordered);
        }
        return (KeyedStream<K, V, L>) new ClusterKeyedStream<>(flow, node, (Cluster<?>) location, tick, ordered);
    }

    /**
     * {@code fn(value)} for every value, under the same key.
     *
     * <pre>{@code
     * prices.mapValues(p -> p * 1.2)
     * }</pre>
     *
     * @param fn  the function of each value; it must not return null
     * @param <U> the new value type
     * @return a keyed stream with the same keys and order, at this location and in this tick
     */
    public <U> KeyedStream<K, U, L> mapValues(Function<? super V, ? extends U> fn) {
        return make(flow, mapValuesNode(fn), location, tick, ordered);
    }

    /**
     * The values for which {@code predicate} holds.
     *
     * <pre>{@code
     * prices.filter(p -> p > 0)
     * }</pre>
     *
     * @param predicate the test of each value
     * @return a keyed stream of the accepted values, order kept, at this location and in this tick
     */
    @SuppressWarnings("unchecked")
    public KeyedStream<K, V, L> filter(Predicate<? super V> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return make(flow, filterNode("filter", x -> predicate.test(((KV<K, V>) x).value())), location, tick, ordered);
    }

    /**
     * The keys for which {@code predicate} holds, with all their values.
     *
     * <pre>{@code
     * prices.filterKeys(sku -> sku.startsWith("A"))
     * }</pre>
     *
     * @param predicate the test of each key
     * @return a keyed stream of the accepted keys, order kept, at this location and in this tick
     */
    public KeyedStream<K, V, L> filterKeys(Predicate<? super K> predicate) {
        return make(flow, filterKeysNode(predicate), location, tick, ordered);
    }

    /**
     * Per key, folds the values in order. Inside a tick, each tick's values; at top level, a
     * keyed singleton updated as values arrive. Needs ordered values ({@link #foldCommutative}
     * otherwise).
     *
     * <pre>{@code
     * events.keyBy(Event::user).fold(() -> "", (log, e) -> log + e.action())
     * }</pre>
     *
     * @param init the initial accumulator of each key, called once per key (per tick inside a tick)
     * @param step the next accumulator from the current one and a value; it must not return null
     * @param <A> the accumulator type
     * @return a keyed singleton of the accumulators, at this location and in this tick
     * @throws IllegalStateException when the values have no guaranteed order
     */
    public <A> KeyedSingleton<K, A, L> fold(Supplier<A> init, BiFunction<A, ? super V, A> step) {
        requireOrdered("fold", "foldCommutative");
        return fold("fold", init, step);
    }

    /**
     * As {@link #fold}, for an order-insensitive {@code step}: accepts unordered values.
     *
     * <pre>{@code
     * votes.foldCommutative(() -> 0, (n, v) -> n + 1)
     * }</pre>
     *
     * @param init the initial accumulator of each key, called once per key (per tick inside a tick)
     * @param step the next accumulator from the current one and a value; it must not return null
     * @param <A> the accumulator type
     * @return a keyed singleton of the accumulators, at this location and in this tick
     */
    public <A> KeyedSingleton<K, A, L> foldCommutative(Supplier<A> init, BiFunction<A, ? super V, A> step) {
        return fold("foldCommutative", init, step);
    }

    /**
     * Per key, combines the values in order. Needs ordered values.
     *
     * <pre>{@code
     * readings.reduce((older, newer) -> newer)     // latest reading per sensor
     * }</pre>
     *
     * @param fn combines two values, the earlier first; it must not return null
     * @return a keyed singleton of the combined values, at this location and in this tick
     * @throws IllegalStateException when the values have no guaranteed order
     */
    public KeyedSingleton<K, V, L> reduce(BinaryOperator<V> fn) {
        requireOrdered("reduce", "reduceCommutative");
        return reduce("reduce", fn);
    }

    /**
     * Per key, combines the values with a commutative and associative {@code fn}.
     *
     * <pre>{@code
     * partialCounts.reduceCommutative(Long::sum)
     * }</pre>
     *
     * @param fn combines two values in any order; it must not return null
     * @return a keyed singleton of the combined values, at this location and in this tick
     */
    public KeyedSingleton<K, V, L> reduceCommutative(BinaryOperator<V> fn) {
        return reduce("reduceCommutative", fn);
    }

    /**
     * The number of values per key.
     *
     * <pre>{@code
     * words.keyBy(w -> w).count()
     * }</pre>
     *
     * @return a keyed singleton of the counts, at this location and in this tick
     */
    public KeyedSingleton<K, Long, L> count() {
        int id = add("count", (n, origin) -> new Node.Fold(n, location.id(), origin, node, Node.Fold.COUNT_INIT,
                Node.Fold.COUNT_STEP, true));
        return KeyedSingleton.make(flow, id, location, tick);
    }

    @SuppressWarnings("unchecked")
    private <A> KeyedSingleton<K, A, L> fold(String operator, Supplier<A> init, BiFunction<A, ? super V, A> step) {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(step, "step");
        Supplier<Object> i = (Supplier<Object>) (Supplier<?>) init;
        BiFunction<Object, Object, Object> s = (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) step;
        int id = add(operator, (n, origin) -> new Node.Fold(n, location.id(), origin, node, i, s, true));
        return KeyedSingleton.make(flow, id, location, tick);
    }

    @SuppressWarnings("unchecked")
    private KeyedSingleton<K, V, L> reduce(String operator, BinaryOperator<V> fn) {
        Objects.requireNonNull(fn, "fn");
        BinaryOperator<Object> f = (BinaryOperator<Object>) (BinaryOperator<?>) fn;
        int id = add(operator, (n, origin) -> new Node.Reduce(n, location.id(), origin, node, f, true));
        return KeyedSingleton.make(flow, id, location, tick);
    }

    /**
     * The {@code KV(key, value)} pairs as a stream.
     *
     * <pre>{@code
     * counts.entries().forEach(kv -> System.out.println(kv.key() + " " + kv.value()))
     * }</pre>
     *
     * @return a stream of {@code KV}s with this stream's order, at this location and in this tick
     */
    public Stream<KV<K, V>, L> entries() {
        return Stream.make(flow, node, location, tick, ordered);
    }

    /**
     * The values, without their keys.
     *
     * <pre>{@code
     * byUser.values()
     * }</pre>
     *
     * @return a stream of the values with this stream's order, at this location and in this tick
     */
    @SuppressWarnings("unchecked")
    public Stream<V, L> values() {
        return Stream.make(flow, mapNode("values", x -> ((KV<K, V>) x).value()), location, tick, ordered);
    }

    /**
     * Each key once, when its first value arrives (per tick inside a tick).
     *
     * <pre>{@code
     * byUser.keys()      // distinct users
     * }</pre>
     *
     * @return a stream of distinct keys, at this location and in this tick
     */
    @SuppressWarnings("unchecked")
    public Stream<K, L> keys() {
        int key = mapNode("keys", x -> ((KV<K, V>) x).key());
        int id = add("keys", (n, origin) -> new Node.Unique(n, location.id(), origin, key));
        return Stream.make(flow, id, location, tick, ordered);
    }

    /**
     * Pairs the values of equal keys: {@code KV(k, Pair(v, w))} for every {@code v} of this
     * stream and {@code w} of {@code other} under key {@code k}, in no guaranteed order. Inside a
     * tick, each tick's batches are joined; at top level both sides are kept.
     *
     * <pre>{@code
     * orders.batch(tick).join(customers.batch(tick))     // KV(id, Pair(order, customer))
     * }</pre>
     *
     * @param other a keyed stream of the same location and tick
     * @param <W>   the other stream's value type
     * @return an unordered keyed stream of the pairs, at this location and in this tick
     */
    public <W> KeyedStream<K, Pair<V, W>, L> join(KeyedStream<K, W, L> other) {
        sameScope("join", other);
        return make(flow, add("join", (id, origin) -> new Node.Join(id, location.id(), origin, node, other.node)),
                location, tick, false);
    }

    /**
     * Inside a tick: the pairs whose key is not among this tick's elements of {@code keys}.
     * Order is kept.
     *
     * <pre>{@code
     * requests.batch(tick).antiJoin(blocked.batch(tick))
     * }</pre>
     *
     * @param keys a stream of the keys to drop, of the same location and tick
     * @return a bounded keyed stream in this tick
     */
    public KeyedStream<K, V, L> antiJoin(Stream<K, L> keys) {
        sameScope("antiJoin", keys);
        requireBounded("antiJoin");
        return make(flow, add("antiJoin", (id, origin) -> new Node.AntiJoin(id, location.id(), origin, node, keys.node)),
                location, tick, ordered);
    }

    /**
     * Enters {@code tick}: each tick, the pairs that arrived since the previous one.
     *
     * <pre>{@code
     * byUser.batch(tick).count()
     * }</pre>
     *
     * @param tick a tick of this stream's location
     * @return a bounded keyed stream inside {@code tick}, order kept
     */
    public KeyedStream<K, V, L> batch(Tick<L> tick) {
        ownTick("batch", tick);
        requireTopLevel("batch");
        return make(flow, add("batch", (id, origin) -> new Node.Batch(id, location.id(), origin, node, tick.id)),
                location, tick.id, ordered);
    }

    /**
     * Leaves the tick: the pairs of all ticks as an unbounded keyed stream.
     *
     * <pre>{@code
     * joined.allTicks()
     * }</pre>
     *
     * @return a top-level keyed stream at this location, order kept
     */
    public KeyedStream<K, V, L> allTicks() {
        return make(flow, exitNode("allTicks"), location, FlowGraph.TOP_LEVEL, ordered);
    }
}
