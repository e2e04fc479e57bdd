package io.sluice.dataflow;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link OptionalValue} on a {@link Process}: the same operators, typed so that the streams it gives back
 * have {@link ProcessStream}'s network operators.
 *
 * @param <T> the value type
 * @param <P> the process's tag type
 */
public final class ProcessOptionalValue<T, P> extends OptionalValue<T, Process<P>> {

    ProcessOptionalValue(FlowBuilder flow, int node, Process<P> location, int tick) {
        super(flow, node, location, tick);
    }

    @Override
    public <U> ProcessOptionalValue<U, P> map(Function<? super T, ? extends U> fn) {
        return (ProcessOptionalValue<U, P>) super.map(fn);
    }

    @Override
    public ProcessOptionalValue<T, P> filter(Predicate<? super T> predicate) {
        return (ProcessOptionalValue<T, P>) super.filter(predicate);
    }

    @Override
    public ProcessSingleton<T, P> orElse(T fallback) {
        return (ProcessSingleton<T, P>) super.orElse(fallback);
    }

    @Override
    public ProcessStream<T, P> intoStream() {
        return (ProcessStream<T, P>) super.intoStream();
    }

    @Override
    public ProcessOptionalValue<T, P> snapshot(Tick<Process<P>> tick) {
        return (ProcessOptionalValue<T, P>) super.snapshot(tick);
    }

    @Override
    public ProcessOptionalValue<T, P> latest() {
        return (ProcessOptionalValue<T, P>) super.latest();
    }

    @Override
    public ProcessOptionalValue<T, P> deferTick() {
        return (ProcessOptionalValue<T, P>) super.deferTick();
    }

    @Override
    public ProcessStream<T, P> sampleEvery(Duration period) {
        return (ProcessStream<T, P>) super.sampleEvery(period);
    }

    @Override
    public ProcessStream<T, P> atEnd() {
        return (ProcessStream<T, P>) super.atEnd();
    }
}
