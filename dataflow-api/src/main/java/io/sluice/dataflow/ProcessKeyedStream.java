package io.sluice.dataflow;

import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link KeyedStream} on a {@link Process}: the same operators, typed so that the streams it gives back
 * have {@link ProcessStream}'s network operators.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <P> the process's tag type
 */
public final class ProcessKeyedStream<K, V, P> extends KeyedStream<K, V, Process<P>> {

    ProcessKeyedStream(FlowBuilder flow, int node, Process<P> location, int tick, boolean ordered) {
        super(flow, node, location, tick, ordered);
    }

    @Override
    public <U> ProcessKeyedStream<K, U, P> mapValues(Function<? super V, ? extends U> fn) {
        return (ProcessKeyedStream<K, U, P>) super.mapValues(fn);
    }

    @Override
    public ProcessKeyedStream<K, V, P> filter(Predicate<? super V> predicate) {
        return (ProcessKeyedStream<K, V, P>) super.filter(predicate);
    }

    @Override
    public ProcessKeyedStream<K, V, P> filterKeys(Predicate<? super K> predicate) {
        return (ProcessKeyedStream<K, V, P>) super.filterKeys(predicate);
    }

    @Override
    public <A> ProcessKeyedSingleton<K, A, P> fold(Supplier<A> init, BiFunction<A, ? super V, A> step) {
        return (ProcessKeyedSingleton<K, A, P>) super.fold(init, step);
    }

    @Override
    public <A> ProcessKeyedSingleton<K, A, P> foldCommutative(Supplier<A> init, BiFunction<A, ? super V, A> step) {
        return (ProcessKeyedSingleton<K, A, P>) super.foldCommutative(init, step);
    }

    @Override
    public ProcessKeyedSingleton<K, V, P> reduce(BinaryOperator<V> fn) {
        return (ProcessKeyedSingleton<K, V, P>) super.reduce(fn);
    }

    @Override
    public ProcessKeyedSingleton<K, V, P> reduceCommutative(BinaryOperator<V> fn) {
        return (ProcessKeyedSingleton<K, V, P>) super.reduceCommutative(fn);
    }

    @Override
    public ProcessKeyedSingleton<K, Long, P> count() {
        return (ProcessKeyedSingleton<K, Long, P>) super.count();
    }

    @Override
    public ProcessStream<KV<K, V>, P> entries() {
        return (ProcessStream<KV<K, V>, P>) super.entries();
    }

    @Override
    public ProcessStream<V, P> values() {
        return (ProcessStream<V, P>) super.values();
    }

    @Override
    public ProcessStream<K, P> keys() {
        return (ProcessStream<K, P>) super.keys();
    }

    @Override
    public <W> ProcessKeyedStream<K, Pair<V, W>, P> join(KeyedStream<K, W, Process<P>> other) {
        return (ProcessKeyedStream<K, Pair<V, W>, P>) super.join(other);
    }

    @Override
    public ProcessKeyedStream<K, V, P> antiJoin(Stream<K, Process<P>> keys) {
        return (ProcessKeyedStream<K, V, P>) super.antiJoin(keys);
    }

    @Override
    public ProcessKeyedStream<K, V, P> batch(Tick<Process<P>> tick) {
        return (ProcessKeyedStream<K, V, P>) super.batch(tick);
    }

    @Override
    public ProcessKeyedStream<K, V, P> allTicks() {
        return (ProcessKeyedStream<K, V, P>) super.allTicks();
    }
}
