package io.sluice.dataflow;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link KeyedSingleton} on a {@link Process}: the same operators, typed so that the streams it gives back
 * have {@link ProcessStream}'s network operators.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <P> the process's tag type
 */
public final class ProcessKeyedSingleton<K, V, P> extends KeyedSingleton<K, V, Process<P>> {

    ProcessKeyedSingleton(FlowBuilder flow, int node, Process<P> location, int tick) {
        super(flow, node, location, tick);
    }

    @Override
    public <U> ProcessKeyedSingleton<K, U, P> mapValues(Function<? super V, ? extends U> fn) {
        return (ProcessKeyedSingleton<K, U, P>) super.mapValues(fn);
    }

    @Override
    public ProcessKeyedSingleton<K, V, P> filterKeys(Predicate<? super K> predicate) {
        return (ProcessKeyedSingleton<K, V, P>) super.filterKeys(predicate);
    }

    @Override
    public ProcessStream<KV<K, V>, P> entries() {
        return (ProcessStream<KV<K, V>, P>) super.entries();
    }

    @Override
    public ProcessKeyedStream<K, V, P> intoKeyed() {
        return (ProcessKeyedStream<K, V, P>) super.intoKeyed();
    }

    @Override
    public ProcessKeyedSingleton<K, V, P> snapshot(Tick<Process<P>> tick) {
        return (ProcessKeyedSingleton<K, V, P>) super.snapshot(tick);
    }

    @Override
    public ProcessKeyedSingleton<K, V, P> latest() {
        return (ProcessKeyedSingleton<K, V, P>) super.latest();
    }

    @Override
    public ProcessStream<KV<K, V>, P> sampleEvery(Duration period) {
        return (ProcessStream<KV<K, V>, P>) super.sampleEvery(period);
    }

    @Override
    public ProcessStream<KV<K, V>, P> atEnd() {
        return (ProcessStream<KV<K, V>, P>) super.atEnd();
    }
}
