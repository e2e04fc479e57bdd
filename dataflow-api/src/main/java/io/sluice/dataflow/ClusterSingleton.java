package io.sluice.dataflow;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link Singleton} on a {@link Cluster}: the same operators, typed so that the streams it gives back
 * have {@link ClusterStream}'s network operators.
 *
 * @param <T> the value type
 * @param <C> the cluster's tag type
 */
public final class ClusterSingleton<T, C> extends Singleton<T, Cluster<C>> {

    ClusterSingleton(FlowBuilder flow, int node, Cluster<C> location, int tick) {
        super(flow, node, location, tick);
    }

    @Override
    public <U> ClusterSingleton<U, C> map(Function<? super T, ? extends U> fn) {
        return (ClusterSingleton<U, C>) super.map(fn);
    }

    @Override
    public ClusterOptionalValue<T, C> filter(Predicate<? super T> predicate) {
        return (ClusterOptionalValue<T, C>) super.filter(predicate);
    }

    @Override
    public ClusterStream<T, C> intoStream() {
        return (ClusterStream<T, C>) super.intoStream();
    }

    @Override
    public ClusterSingleton<T, C> snapshot(Tick<Cluster<C>> tick) {
        return (ClusterSingleton<T, C>) super.snapshot(tick);
    }

    @Override
    public ClusterSingleton<T, C> latest() {
        return (ClusterSingleton<T, C>) super.latest();
    }

    @Override
    public ClusterOptionalValue<T, C> deferTick() {
        return (ClusterOptionalValue<T, C>) super.deferTick();
    }

    @Override
    public ClusterStream<T, C> sampleEvery(Duration period) {
        return (ClusterStream<T, C>) super.sampleEvery(period);
    }

    @Override
    public ClusterStream<T, C> atEnd() {
        return (ClusterStream<T, C>) super.atEnd();
    }
}
