package io.sluice.dataflow;

import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link KeyedStream} on a {@link Cluster}: the same operators, typed so that the streams it gives back
 * have {@link ClusterStream}'s network operators.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <C> the cluster's tag type
 */
public final class ClusterKeyedStream<K, V, C> extends KeyedStream<K, V, Cluster<C>> {

    ClusterKeyedStream(FlowBuilder flow, int node, Cluster<C> location, int tick, boolean ordered) {
        super(flow, node, location, tick, ordered);
    }

    @Override
    public <U> ClusterKeyedStream<K, U, C> mapValues(Function<? super V, ? extends U> fn) {
        return (ClusterKeyedStream<K, U, C>) super.mapValues(fn);
    }

    @Override
    public ClusterKeyedStream<K, V, C> filter(Predicate<? super V> predicate) {
        return (ClusterKeyedStream<K, V, C>) super.filter(predicate);
    }

    @Override
    public ClusterKeyedStream<K, V, C> filterKeys(Predicate<? super K> predicate) {
        return (ClusterKeyedStream<K, V, C>) super.filterKeys(predicate);
    }

    @Override
    public <A> ClusterKeyedSingleton<K, A, C> fold(Supplier<A> init, BiFunction<A, ? super V, A> step) {
        return (ClusterKeyedSingleton<K, A, C>) super.fold(init, step);
    }

    @Override
    public <A> ClusterKeyedSingleton<K, A, C> foldCommutative(Supplier<A> init, BiFunction<A, ? super V, A> step) {
        return (ClusterKeyedSingleton<K, A, C>) super.foldCommutative(init, step);
    }

    @Override
    public ClusterKeyedSingleton<K, V, C> reduce(BinaryOperator<V> fn) {
        return (ClusterKeyedSingleton<K, V, C>) super.reduce(fn);
    }

    @Override
    public ClusterKeyedSingleton<K, V, C> reduceCommutative(BinaryOperator<V> fn) {
        return (ClusterKeyedSingleton<K, V, C>) super.reduceCommutative(fn);
    }

    @Override
    public ClusterKeyedSingleton<K, Long, C> count() {
        return (ClusterKeyedSingleton<K, Long, C>) super.count();
    }

    @Override
    public ClusterStream<KV<K, V>, C> entries() {
        return (ClusterStream<KV<K, V>, C>) super.entries();
    }

    @Override
    public ClusterStream<V, C> values() {
        return (ClusterStream<V, C>) super.values();
    }

    @Override
    public ClusterStream<K, C> keys() {
        return (ClusterStream<K, C>) super.keys();
    }

    @Override
    public <W> ClusterKeyedStream<K, Pair<V, W>, C> join(KeyedStream<K, W, Cluster<C>> other) {
        return (ClusterKeyedStream<K, Pair<V, W>, C>) super.join(other);
    }

    @Override
    public ClusterKeyedStream<K, V, C> antiJoin(Stream<K, Cluster<C>> keys) {
        return (ClusterKeyedStream<K, V, C>) super.antiJoin(keys);
    }

    @Override
    public ClusterKeyedStream<K, V, C> batch(Tick<Cluster<C>> tick) {
        return (ClusterKeyedStream<K, V, C>) super.batch(tick);
    }

    @Override
    public ClusterKeyedStream<K, V, C> allTicks() {
        return (ClusterKeyedStream<K, V, C>) super.allTicks();
    }
}
