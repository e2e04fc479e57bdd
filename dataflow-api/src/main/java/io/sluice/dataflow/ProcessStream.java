package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.ir.Routing;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stream on a {@link Process}: a {@link Stream} whose network operators send from one member.
 * A source's elements are in a total order, kept by the local operators that say so and by
 * {@link #send(Process)}, {@link #roundRobin}, {@link #broadcast} and {@link #demux} (each
 * receiving member gets its share in order).
 *
 * <pre>{@code
 * ProcessStream<Integer, Leader> numbers = leader.sourceIter(List.of(0, 1, 2, 3));
 * numbers.roundRobin(workers)           // member i % n gets element i
 *        .map(n -> n * 2)
 *        .sendAnonymous(leader)
 *        .forEach(System.out::println);
 * }</pre>
 *
 * @param <T> the element type
 * @param <P> the process's tag type
 */
public final class ProcessStream<T, P> extends Stream<T, Process<P>> {

    ProcessStream(FlowBuilder flow, int node, Process<P> location, int tick, boolean ordered) {
        super(flow, node, location, tick, ordered);
    }

    @Override
    <U> ProcessStream<U, P> derive(int id, int inTick, boolean isOrdered) {
        return new ProcessStream<>(flow, id, location, inTick, isOrdered);
    }

    @Override
    public <U> ProcessStream<U, P> map(Function<? super T, ? extends U> fn) {
        return (ProcessStream<U, P>) super.map(fn);
    }

    @Override
    public <U> ProcessStream<U, P> resolveFutures(Function<? super T, ? extends CompletionStage<? extends U>> fn) {
        return (ProcessStream<U, P>) super.resolveFutures(fn);
    }

    @Override
    public <U> ProcessStream<U, P> resolveFuturesOrdered(
            Function<? super T, ? extends CompletionStage<? extends U>> fn) {
        return (ProcessStream<U, P>) super.resolveFuturesOrdered(fn);
    }

    /**
     * Hands every element to {@code subscriber}, as fast as it requests them, then signals the
     * end: a sink with backpressure (Hydro's {@code dest_sink}), for a reactive library, a
     * consumer outside the flow, or an actor ({@code io.sluice.deploy.ActorSink}).
     *
     * <pre>{@code
     * leader.sourceIter(List.of(1, 2, 3)).map(n -> n * 10).destSink(subscriber);
     * }</pre>
     *
     * <p><b>Location.</b> The member of this process subscribes {@code subscriber} when the flow
     * starts ({@code onSubscribe}); SPMD: it is the subscriber object of the JVM that hosts the
     * member. Its {@code onNext}, {@code onComplete} and {@code onError} are called on the
     * member's actor thread, one at a time, and must not block; {@code request} and
     * {@code cancel} may be called from any thread. <b>Ordering:</b> this stream's order.
     * <b>Network:</b> none. <b>Backpressure:</b> the subscriber's {@code request(n)} bounds what
     * is passed on; the elements it has not asked for yet hold their acknowledgements, so
     * upstream backs off (memory stays within one credit window).
     *
     * <p><b>Completion.</b> Exactly one terminal signal: {@code onComplete} once the stream has
     * ended and every element was passed on; {@code onError} with a {@link FlowFailedException}
     * (the flow's failure message) as soon as the flow fails anywhere, or with a
     * {@link java.util.concurrent.CancellationException} when it is stopped before the end. A
     * subscriber that cancels gets nothing more: the rest of the stream is dropped (logged
     * at INFO once) and the flow goes on to complete.
     *
     * <p><b>Failover.</b> In a flow with spare nodes ({@code FlowBuilder.withSpares}) the
     * subscriber stays subscribed across restarts and gets an element only once a complete
     * snapshot covers it, so every element once, about a snapshot interval later than without
     * spares; the stream's end waits for the snapshot after it.
     *
     * @param subscriber where the elements go, subscribed once
     * @throws IllegalStateException when this stream is inside a tick
     */
    @SuppressWarnings("unchecked")
    public void destSink(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        requireTopLevel("destSink");
        Flow.Subscriber<Object> s = (Flow.Subscriber<Object>) subscriber;
        add("destSink", (id, origin) -> new Node.DestSink(id, location.id(), origin, node, s));
    }

    @Override
    public ProcessStream<T, P> filter(Predicate<? super T> predicate) {
        return (ProcessStream<T, P>) super.filter(predicate);
    }

    @Override
    public <U> ProcessStream<U, P> flatMap(Function<? super T, ? extends Iterable<? extends U>> fn) {
        return (ProcessStream<U, P>) super.flatMap(fn);
    }

    @Override
    public <U> ProcessStream<U, P> filterMap(Function<? super T, Optional<U>> fn) {
        return (ProcessStream<U, P>) super.filterMap(fn);
    }

    @Override
    public ProcessStream<T, P> inspect(Consumer<? super T> action) {
        return (ProcessStream<T, P>) super.inspect(action);
    }

    @Override
    public ProcessStream<KV<Long, T>, P> enumerate() {
        return (ProcessStream<KV<Long, T>, P>) super.enumerate();
    }

    @Override
    public ProcessStream<T, P> assumeOrdering(String why) {
        return (ProcessStream<T, P>) super.assumeOrdering(why);
    }

    @Override
    public ProcessStream<T, P> union(Stream<T, Process<P>> other) {
        return (ProcessStream<T, P>) super.union(other);
    }

    @Override
    public ProcessStream<T, P> chain(Stream<T, Process<P>> next) {
        return (ProcessStream<T, P>) super.chain(next);
    }

    @Override
    public <U> ProcessStream<Pair<T, U>, P> crossProduct(Stream<U, Process<P>> other) {
        return (ProcessStream<Pair<T, U>, P>) super.crossProduct(other);
    }

    @Override
    public <U> ProcessStream<Pair<T, U>, P> crossSingleton(Singleton<U, Process<P>> singleton) {
        return (ProcessStream<Pair<T, U>, P>) super.crossSingleton(singleton);
    }

    @Override
    public <U> ProcessStream<Pair<T, U>, P> crossSingleton(OptionalValue<U, Process<P>> optional) {
        return (ProcessStream<Pair<T, U>, P>) super.crossSingleton(optional);
    }

    @Override
    public ProcessStream<T, P> unique() {
        return (ProcessStream<T, P>) super.unique();
    }

    @Override
    public ProcessStream<T, P> sort(Comparator<? super T> order) {
        return (ProcessStream<T, P>) super.sort(order);
    }

    @Override
    public <A> ProcessStream<A, P> scan(Supplier<A> init, BiFunction<A, ? super T, A> step) {
        return (ProcessStream<A, P>) super.scan(init, step);
    }

    @Override
    public <A> ProcessSingleton<A, P> fold(Supplier<A> init, BiFunction<A, ? super T, A> step) {
        return (ProcessSingleton<A, P>) super.fold(init, step);
    }

    @Override
    public <A> ProcessSingleton<A, P> foldCommutative(Supplier<A> init, BiFunction<A, ? super T, A> step) {
        return (ProcessSingleton<A, P>) super.foldCommutative(init, step);
    }

    @Override
    public ProcessOptionalValue<T, P> reduce(BinaryOperator<T> fn) {
        return (ProcessOptionalValue<T, P>) super.reduce(fn);
    }

    @Override
    public ProcessOptionalValue<T, P> reduceCommutative(BinaryOperator<T> fn) {
        return (ProcessOptionalValue<T, P>) super.reduceCommutative(fn);
    }

    @Override
    public ProcessSingleton<Long, P> count() {
        return (ProcessSingleton<Long, P>) super.count();
    }

    @Override
    public ProcessOptionalValue<T, P> min(Comparator<? super T> order) {
        return (ProcessOptionalValue<T, P>) super.min(order);
    }

    @Override
    public ProcessOptionalValue<T, P> max(Comparator<? super T> order) {
        return (ProcessOptionalValue<T, P>) super.max(order);
    }

    @Override
    public ProcessOptionalValue<T, P> first() {
        return (ProcessOptionalValue<T, P>) super.first();
    }

    @Override
    public ProcessOptionalValue<T, P> last() {
        return (ProcessOptionalValue<T, P>) super.last();
    }

    @Override
    public ProcessSingleton<List<T>, P> collectList() {
        return (ProcessSingleton<List<T>, P>) super.collectList();
    }

    @Override
    public <K> ProcessKeyedStream<K, T, P> keyBy(Function<? super T, ? extends K> key) {
        return (ProcessKeyedStream<K, T, P>) super.keyBy(key);
    }

    @Override
    public <K, V> ProcessKeyedStream<K, V, P> intoKeyed() {
        return (ProcessKeyedStream<K, V, P>) super.intoKeyed();
    }

    @Override
    public ProcessStream<T, P> batch(Tick<Process<P>> tick) {
        return (ProcessStream<T, P>) super.batch(tick);
    }

    @Override
    public ProcessStream<T, P> allTicks() {
        return (ProcessStream<T, P>) super.allTicks();
    }

    @Override
    public ProcessStream<T, P> deferTick() {
        return (ProcessStream<T, P>) super.deferTick();
    }

    @Override
    public ProcessStream<T, P> persist() {
        return (ProcessStream<T, P>) super.persist();
    }

    @Override
    public ProcessStream<Instant, P> timeout(Duration after) {
        return (ProcessStream<Instant, P>) super.timeout(after);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Pair<ProcessStream<T, P>, ProcessStream<T, P>> partition(Predicate<? super T> predicate) {
        return (Pair<ProcessStream<T, P>, ProcessStream<T, P>>) super.partition(predicate);
    }

    /**
     * Sends every element to process {@code to}, in order (Hydro's {@code send_bincode}).
     * Network: one channel; order kept; exactly once when no member fails.
     *
     * <pre>{@code
     * p1.sourceIter(List.of(1, 2, 3)).send(p2).forEach(System.out::println);   // on p2: 1, 2, 3
     * }</pre>
     *
     * @param to   the receiving process, of the same flow
     * @param <P2> the receiving process's tag type
     * @return a top-level stream on {@code to}, with this stream's order; it ends when this one does
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <P2> ProcessStream<T, P2> send(Process<P2> to) {
        return new ProcessStream<>(flow, network("send", to, Routing.TO_PROCESS, false), to, FlowGraph.TOP_LEVEL, ordered);
    }

    /**
     * Spreads the elements over the members of {@code to}: element {@code i} (counting from 0)
     * goes to member {@code i % n}, members in ascending id order (Hydro's
     * {@code round_robin_bincode}). Each member receives its share in order.
     *
     * <pre>{@code
     * leader.sourceIter(List.of(0, 1, 2, 3, 4)).roundRobin(workers)   // 4 members: 0 -> 0 and 4, 1 -> 1, ...
     * }</pre>
     *
     * @param to  the receiving cluster, of the same flow
     * @param <C> the receiving cluster's tag type
     * @return a top-level stream on {@code to}, each member's share with this stream's order; it ends when
     *         this one does
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <C> ClusterStream<T, C> roundRobin(Cluster<C> to) {
        return new ClusterStream<>(flow, network("roundRobin", to, Routing.ROUND_ROBIN, false), to, FlowGraph.TOP_LEVEL, ordered);
    }

    /**
     * Sends every element to every member of {@code to}, each in order (Hydro's
     * {@code broadcast_bincode}).
     *
     * <pre>{@code
     * leader.sourceIter(List.of("config")).broadcast(workers)   // each member gets "config"
     * }</pre>
     *
     * @param to  the receiving cluster, of the same flow
     * @param <C> the receiving cluster's tag type
     * @return a top-level stream on {@code to}, with this stream's order on every member; it ends when this
     *         one does
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <C> ClusterStream<T, C> broadcast(Cluster<C> to) {
        return new ClusterStream<>(flow, network("broadcast", to, Routing.BROADCAST, false), to, FlowGraph.TOP_LEVEL, ordered);
    }

    /**
     * Sends each element, a {@code KV<MemberId<C>, V>}, to the member its key names; that member
     * receives the value (Hydro's {@code demux_bincode}). Each member receives its share in order.
     * This stream's elements must be {@code KV<MemberId<C>, V>}: Java cannot check that at
     * compile time, so an element of another shape, or a member id outside {@code 0 .. n-1},
     * fails the flow with the element and the operator.
     *
     * <pre>{@code
     * leader.sourceIter(List.of(5, 6, 7))
     *       .map(n -> KV.of(MemberId.<Worker>of(n % 2), n))
     *       .<Worker, Integer>demux(workers);        // 6 -> member 0; 5, 7 -> member 1
     * }</pre>
     *
     * @param to  the receiving cluster, of the same flow
     * @param <C> the receiving cluster's tag type
     * @param <V> the type of the values the keys address
     * @return a top-level stream of the values on {@code to}, each member's share with this stream's order;
     *         it ends when this one does
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <C, V> ClusterStream<V, C> demux(Cluster<C> to) {
        return new ClusterStream<>(flow, network("demux", to, Routing.DEMUX, false), to, FlowGraph.TOP_LEVEL, ordered);
    }
}
