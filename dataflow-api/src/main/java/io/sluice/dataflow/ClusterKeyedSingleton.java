package io.sluice.dataflow;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link KeyedSingleton} on a {@link Cluster}: the same operators, typed so that the streams it gives back
 * have {@link ClusterStream}'s network operators.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <C> the cluster's tag type
 */
public final class ClusterKeyedSingleton<K, V, C> extends KeyedSingleton<K, V, Cluster<C>> {

    ClusterKeyedSingleton(FlowBuilder flow, int node, Cluster<C> location, int tick) {
        super(flow, node, location, tick);
    }

    @Override
    public <U> ClusterKeyedSingleton<K, U, C> mapValues(Function<? super V, ? extends U> fn) {
        return (ClusterKeyedSingleton<K, U, C>) super.mapValues(fn);
    }

    @Override
    public ClusterKeyedSingleton<K, V, C> filterKeys(Predicate<? super K> predicate) {
        return (ClusterKeyedSingleton<K, V, C>) super.filterKeys(predicate);
    }

    @Override
    public ClusterStream<KV<K, V>, C> entries() {
        return (ClusterStream<KV<K, V>, C>) super.entries();
    }

    @Override
    public ClusterKeyedStream<K, V, C> intoKeyed() {
        return (ClusterKeyedStream<K, V, C>) super.intoKeyed();
    }

    @Override
    public ClusterKeyedSingleton<K, V, C> snapshot(Tick<Cluster<C>> tick) {
        return (ClusterKeyedSingleton<K, V, C>) super.snapshot(tick);
    }

    @Override
    public ClusterKeyedSingleton<K, V, C> latest() {
        return (ClusterKeyedSingleton<K, V, C>) super.latest();
    }

    @Override
    public ClusterStream<KV<K, V>, C> sampleEvery(Duration period) {
        return (ClusterStream<KV<K, V>, C>) super.sampleEvery(period);
    }

    @Override
    public ClusterStream<KV<K, V>, C> atEnd() {
        return (ClusterStream<KV<K, V>, C>) super.atEnd();
    }
}
