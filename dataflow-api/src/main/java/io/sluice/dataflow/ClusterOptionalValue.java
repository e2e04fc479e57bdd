package io.sluice.dataflow;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link OptionalValue} on a {@link Cluster}: the same operators, typed so that the streams it gives back
 * have {@link ClusterStream}'s network operators.
 *
 * @param <T> the value type
 * @param <C> the cluster's tag type
 */
public final class ClusterOptionalValue<T, C> extends OptionalValue<T, Cluster<C>> {

    ClusterOptionalValue(FlowBuilder flow, int node, Cluster<C> location, int tick) {
        super(flow, node, location, tick);
    }

    @Override
    public <U> ClusterOptionalValue<U, C> map(Function<? super T, ? extends U> fn) {
        return (ClusterOptionalValue<U, C>) super.map(fn);
    }

    @Override
    public ClusterOptionalValue<T, C> filter(Predicate<? super T> predicate) {
        return (ClusterOptionalValue<T, C>) super.filter(predicate);
    }

    @Override
    public ClusterSingleton<T, C> orElse(T fallback) {
        return (ClusterSingleton<T, C>) super.orElse(fallback);
    }

    @Override
    public ClusterStream<T, C> intoStream() {
        return (ClusterStream<T, C>) super.intoStream();
    }

    @Override
    public ClusterOptionalValue<T, C> snapshot(Tick<Cluster<C>> tick) {
        return (ClusterOptionalValue<T, C>) super.snapshot(tick);
    }

    @Override
    public ClusterOptionalValue<T, C> latest() {
        return (ClusterOptionalValue<T, C>) super.latest();
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
