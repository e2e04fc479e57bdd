package io.sluice.dataflow;

import io.sluice.dataflow.ir.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operators of a {@link Stream} that fold it or key it: folds into a {@link Singleton} or an
 * {@link OptionalValue}, the running fold {@link #scan}, and keys into a {@link KeyedStream}. Every
 * stream has them, and the API documentation lists them on {@link Stream}: this package-private
 * base only keeps each file to one group of operators.
 *
 * @param <T> the element type
 * @param <L> the location type
 */
abstract sealed class StreamAggregates<T, L extends Location> extends Located<L> permits Stream {

    StreamAggregates(FlowBuilder flow, int node, L location, int tick, boolean ordered) {
        super(flow, node, location, tick, ordered);
    }

    // ----- aggregation -----

    /**
     * The running fold after every element: {@code step(step(init(), x0), x1), ...}, one output
     * per input element. Inside a tick it restarts every tick. Needs an ordered input.
     *
     * <pre>{@code
     * deposits.scan(() -> 0L, (balance, d) -> balance + d)   // running balance
     * }</pre>
     *
     * @param init the initial accumulator (every tick inside a tick)
     * @param step the next accumulator from the current one and an element; it must not return null
     * @param <A>  the accumulator type
     * @return an ordered stream of the running accumulators, at this stream's location and in its tick
     * @throws IllegalStateException when this stream has no guaranteed order
     */
    @SuppressWarnings("unchecked")
    public <A> Stream<A, L> scan(Supplier<A> init, BiFunction<A, ? super T, A> step) {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(step, "step");
        requireOrdered("scan", "");
        Supplier<Object> i = (Supplier<Object>) (Supplier<?>) init;
        BiFunction<Object, Object, Object> s = (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) step;
        int id = add("scan", (n, origin) -> new Node.Scan(n, location.id(), origin, node, i, s));
        return Stream.make(flow, id, location, tick, ordered);
    }

    /**
     * Folds the elements into one value, in order: {@code step(...step(init(), x0)..., xn)}.
     * Inside a tick, one value per tick (from {@code init()} each tick); at top level, a singleton
     * that is updated as elements arrive. Needs an ordered input ({@link #foldCommutative}
     * otherwise).
     *
     * <pre>{@code
     * words.batch(tick).fold(() -> "", (acc, w) -> acc + w)
     * }</pre>
     *
     * @param init the initial accumulator (called every tick inside a tick)
     * @param step the next accumulator from the current one and an element; it must not return null
     * @param <A>  the accumulator type
     * @return a singleton of the accumulator, at this stream's location and in its tick
     * @throws IllegalStateException when this stream has no guaranteed order
     */
    public <A> Singleton<A, L> fold(Supplier<A> init, BiFunction<A, ? super T, A> step) {
        requireOrdered("fold", "foldCommutative");
        return fold("fold", init, step);
    }

    /**
     * As {@link #fold}, for a {@code step} whose result does not depend on the order of the
     * elements: accepts an unordered input.
     *
     * <pre>{@code
     * counts.sendAnonymous(leader).foldCommutative(() -> 0L, (sum, n) -> sum + n)
     * }</pre>
     *
     * @param init the initial accumulator (called every tick inside a tick)
     * @param step the next accumulator from the current one and an element, in any order; it must not return
     *             null
     * @param <A>  the accumulator type
     * @return a singleton of the accumulator, at this stream's location and in its tick
     */
    public <A> Singleton<A, L> foldCommutative(Supplier<A> init, BiFunction<A, ? super T, A> step) {
        return fold("foldCommutative", init, step);
    }

    /**
     * Combines the elements with {@code fn}, in order: empty when there are none. Inside a tick,
     * per tick; at top level, updated as elements arrive. Needs an ordered input.
     *
     * <pre>{@code
     * words.batch(tick).reduce((a, b) -> a + " " + b)
     * }</pre>
     *
     * @param fn combines two values, the earlier first; it must not return null
     * @return an optional of the combined value, at this stream's location and in its tick
     * @throws IllegalStateException when this stream has no guaranteed order
     */
    public OptionalValue<T, L> reduce(BinaryOperator<T> fn) {
        requireOrdered("reduce", "reduceCommutative");
        return reduce("reduce", fn);
    }

    /**
     * As {@link #reduce}, for a commutative and associative {@code fn}: accepts an unordered input.
     *
     * <pre>{@code
     * partials.sendAnonymous(leader).reduceCommutative(Long::sum)
     * }</pre>
     *
     * @param fn combines two values in any order; it must not return null
     * @return an optional of the combined value, at this stream's location and in its tick
     */
    public OptionalValue<T, L> reduceCommutative(BinaryOperator<T> fn) {
        return reduce("reduceCommutative", fn);
    }

    /**
     * The number of elements (per tick inside a tick), in any order.
     *
     * <pre>{@code
     * requests.batch(tick).count()
     * }</pre>
     *
     * @return a singleton of the count, at this stream's location and in its tick
     */
    public Singleton<Long, L> count() {
        int id = add("count", (n, origin) -> new Node.Fold(n, location.id(), origin, node, Node.Fold.COUNT_INIT,
                Node.Fold.COUNT_STEP, false));
        return Singleton.make(flow, id, location, tick);
    }

    /**
     * The least element by {@code order} (the first of equal ones), in any order.
     *
     * <pre>{@code
     * bids.batch(tick).min(Comparator.naturalOrder())
     * }</pre>
     *
     * @param order the order of the elements
     * @return an optional of the least element, at this stream's location and in its tick
     */
    public OptionalValue<T, L> min(Comparator<? super T> order) {
        Objects.requireNonNull(order, "order");
        return reduce("min", (a, b) -> order.compare(b, a) < 0 ? b : a);
    }

    /**
     * The greatest element by {@code order}, in any order.
     *
     * <pre>{@code
     * bids.batch(tick).max(Comparator.naturalOrder())
     * }</pre>
     *
     * @param order the order of the elements
     * @return an optional of the greatest element, at this stream's location and in its tick
     */
    public OptionalValue<T, L> max(Comparator<? super T> order) {
        Objects.requireNonNull(order, "order");
        return reduce("max", (a, b) -> order.compare(b, a) > 0 ? b : a);
    }

    /**
     * The first element (of each tick inside a tick). Needs an ordered input.
     *
     * <pre>{@code
     * leader.sourceIter(List.of(3, 1, 2)).first()    // 3
     * }</pre>
     *
     * @return an optional of the first element, at this stream's location and in its tick
     * @throws IllegalStateException when this stream has no guaranteed order
     */
    public OptionalValue<T, L> first() {
        requireOrdered("first", "");
        return reduce("first", (a, b) -> a);
    }

    /**
     * The last element (of each tick inside a tick; at top level the latest one). Needs an
     * ordered input.
     *
     * <pre>{@code
     * readings.batch(tick).last()
     * }</pre>
     *
     * @return an optional of the last element, at this stream's location and in its tick
     * @throws IllegalStateException when this stream has no guaranteed order
     */
    public OptionalValue<T, L> last() {
        requireOrdered("last", "");
        return reduce("last", (a, b) -> b);
    }

    /**
     * Inside a tick: the tick's elements as a list, in order. Needs an ordered, bounded input.
     *
     * <pre>{@code
     * words.batch(tick).collectList()          // Singleton<List<String>, ...>
     * }</pre>
     *
     * @return a bounded singleton of each tick's list, in this tick
     * @throws IllegalStateException when this stream is at top level (unbounded)
     * @throws IllegalStateException when this stream has no guaranteed order
     */
    public Singleton<List<T>, L> collectList() {
        requireBounded("collectList");
        requireOrdered("collectList", "");
        // Inside a tick the accumulator is fresh every tick and handed on only at the tick's end,
        // so it can be filled in place.
        return fold("collectList", ArrayList::new, (list, x) -> {
            list.add(x);
            return list;
        });
    }

    @SuppressWarnings("unchecked")
    private <A> Singleton<A, L> fold(String operator, Supplier<A> init, BiFunction<A, ? super T, A> step) {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(step, "step");
        Supplier<Object> i = (Supplier<Object>) (Supplier<?>) init;
        BiFunction<Object, Object, Object> s = (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) step;
        int id = add(operator, (n, origin) -> new Node.Fold(n, location.id(), origin, node, i, s, false));
        return Singleton.make(flow, id, location, tick);
    }

    @SuppressWarnings("unchecked")
    private OptionalValue<T, L> reduce(String operator, BinaryOperator<T> fn) {
        Objects.requireNonNull(fn, "fn");
        BinaryOperator<Object> f = (BinaryOperator<Object>) (BinaryOperator<?>) fn;
        int id = add(operator, (n, origin) -> new Node.Reduce(n, location.id(), origin, node, f, false));
        return OptionalValue.make(flow, id, location, tick);
    }

    // ----- keyed -----

    /**
     * This stream as a keyed stream: each element {@code x} under key {@code key(x)}. Order holds
     * within each key.
     *
     * <pre>{@code
     * orders.keyBy(Order::customer)            // KeyedStream<String, Order, ...>
     * }</pre>
     *
     * @param key the function of each element to its key; it must not return null
     * @param <K> the key type
     * @return a keyed stream with this stream's order, at this stream's location and in its tick
     */
    @SuppressWarnings("unchecked")
    public <K> KeyedStream<K, T, L> keyBy(Function<? super T, ? extends K> key) {
        Objects.requireNonNull(key, "key");
        return KeyedStream.make(flow, mapNode("keyBy", x -> KV.of(key.apply((T) x), x)), location, tick, ordered);
    }

    /**
     * This stream of {@code KV<K, V>} as a keyed stream. Java cannot check at compile time that
     * the elements are {@code KV}s: an element of another kind fails the flow, naming it.
     *
     * <pre>{@code
     * words.map(w -> KV.of(w, 1)).<String, Integer>intoKeyed().reduceCommutative(Integer::sum)
     * }</pre>
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a keyed stream with this stream's order, at this stream's location and in its tick
     */
    public <K, V> KeyedStream<K, V, L> intoKeyed() {
        int id = add("intoKeyed", (n, origin) -> new Node.Map(n, location.id(), origin, node, x -> {
            if (!(x instanceof KV<?, ?>)) {
                throw new ClassCastException(origin + ": element " + x + " is not a KV; intoKeyed needs a stream of "
                        + "KV(key, value) (use keyBy(fn) to key other elements)");
            }
            return x;
        }));
        return KeyedStream.make(flow, id, location, tick, ordered);
    }
}
