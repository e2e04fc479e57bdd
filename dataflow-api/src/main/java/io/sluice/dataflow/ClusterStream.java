package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Routing;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stream on a {@link Cluster}: each member has its own elements, in order on that member, and
 * runs the local operators on them (SPMD). Network operators send from every member; all but
 * {@link #sendAnonymous} tag each element with the sender's {@link MemberId}.
 *
 * <pre>{@code
 * leader.sourceIter(List.of(0, 1, 2, 3))
 *       .roundRobin(workers)                  // ClusterStream<Integer, Worker>
 *       .map(n -> n * 2)
 *       .inspect(n -> System.out.println(n)) // printed with "[... Worker (cluster 1) / k]"
 *       .sendAnonymous(leader)               // back on the leader, member ids dropped
 *       .forEach(n -> System.out.println(n));
 * }</pre>
 *
 * @param <T> the element type
 * @param <C> the cluster's tag type
 */
public final class ClusterStream<T, C> extends Stream<T, Cluster<C>> {

    ClusterStream(FlowBuilder flow, int node, Cluster<C> location, int tick, boolean ordered) {
        super(flow, node, location, tick, ordered);
    }

    @Override
    <U> ClusterStream<U, C> derive(int id, int inTick, boolean isOrdered) {
        return new ClusterStream<>(flow, id, location, inTick, isOrdered);
    }

    @Override
    public <U> ClusterStream<U, C> resolveFutures(Function<? super T, ? extends CompletionStage<? extends U>> fn) {
        return (ClusterStream<U, C>) super.resolveFutures(fn);
    }

    @Override
    public <U> ClusterStream<U, C> resolveFuturesOrdered(
            Function<? super T, ? extends CompletionStage<? extends U>> fn) {
        return (ClusterStream<U, C>) super.resolveFuturesOrdered(fn);
    }

    @Override
    public <U> ClusterStream<U, C> map(Function<? super T, ? extends U> fn) {
        return (ClusterStream<U, C>) super.map(fn);
    }

    @Override
    public ClusterStream<T, C> filter(Predicate<? super T> predicate) {
        return (ClusterStream<T, C>) super.filter(predicate);
    }

    @Override
    public <U> ClusterStream<U, C> flatMap(Function<? super T, ? extends Iterable<? extends U>> fn) {
        return (ClusterStream<U, C>) super.flatMap(fn);
    }

    @Override
    public <U> ClusterStream<U, C> filterMap(Function<? super T, Optional<U>> fn) {
        return (ClusterStream<U, C>) super.filterMap(fn);
    }

    @Override
    public ClusterStream<T, C> inspect(Consumer<? super T> action) {
        return (ClusterStream<T, C>) super.inspect(action);
    }

    @Override
    public ClusterStream<KV<Long, T>, C> enumerate() {
        return (ClusterStream<KV<Long, T>, C>) super.enumerate();
    }

    @Override
    public ClusterStream<T, C> assumeOrdering(String why) {
        return (ClusterStream<T, C>) super.assumeOrdering(why);
    }

    @Override
    public ClusterStream<T, C> union(Stream<T, Cluster<C>> other) {
        return (ClusterStream<T, C>) super.union(other);
    }

    @Override
    public ClusterStream<T, C> chain(Stream<T, Cluster<C>> next) {
        return (ClusterStream<T, C>) super.chain(next);
    }

    @Override
    public <U> ClusterStream<Pair<T, U>, C> crossProduct(Stream<U, Cluster<C>> other) {
        return (ClusterStream<Pair<T, U>, C>) super.crossProduct(other);
    }

    @Override
    public <U> ClusterStream<Pair<T, U>, C> crossSingleton(Singleton<U, Cluster<C>> singleton) {
        return (ClusterStream<Pair<T, U>, C>) super.crossSingleton(singleton);
    }

    @Override
    public <U> ClusterStream<Pair<T, U>, C> crossSingleton(OptionalValue<U, Cluster<C>> optional) {
        return (ClusterStream<Pair<T, U>, C>) super.crossSingleton(optional);
    }

    @Override
    public ClusterStream<T, C> unique() {
        return (ClusterStream<T, C>) super.unique();
    }

    @Override
    public ClusterStream<T, C> sort(Comparator<? super T> order) {
        return (ClusterStream<T, C>) super.sort(order);
    }

    @Override
    public <A> ClusterStream<A, C> scan(Supplier<A> init, BiFunction<A, ? super T, A> step) {
        return (ClusterStream<A, C>) super.scan(init, step);
    }

    @Override
    public <A> ClusterSingleton<A, C> fold(Supplier<A> init, BiFunction<A, ? super T, A> step) {
        return (ClusterSingleton<A, C>) super.fold(init, step);
    }

    @Override
    public <A> ClusterSingleton<A, C> foldCommutative(Supplier<A> init, BiFunction<A, ? super T, A> step) {
        return (ClusterSingleton<A, C>) super.foldCommutative(init, step);
    }

    @Override
    public ClusterOptionalValue<T, C> reduce(BinaryOperator<T> fn) {
        return (ClusterOptionalValue<T, C>) super.reduce(fn);
    }

    @Override
    public ClusterOptionalValue<T, C> reduceCommutative(BinaryOperator<T> fn) {
        return (ClusterOptionalValue<T, C>) super.reduceCommutative(fn);
    }

    @Override
    public ClusterSingleton<Long, C> count() {
        return (ClusterSingleton<Long, C>) super.count();
    }

    @Override
    public ClusterOptionalValue<T, C> min(Comparator<? super T> order) {
        return (ClusterOptionalValue<T, C>) super.min(order);
    }

    @Override
    public ClusterOptionalValue<T, C> max(Comparator<? super T> order) {
        return (ClusterOptionalValue<T, C>) super.max(order);
    }

    @Override
    public ClusterOptionalValue<T, C> first() {
        return (ClusterOptionalValue<T, C>) super.first();
    }

    @Override
    public ClusterOptionalValue<T, C> last() {
        return (ClusterOptionalValue<T, C>) super.last();
    }

    @Override
    public ClusterSingleton<List<T>, C> collectList() {
        return (ClusterSingleton<List<T>, C>) super.collectList();
    }

    @Override
    public <K> ClusterKeyedStream<K, T, C> keyBy(Function<? super T, ? extends K> key) {
        return (ClusterKeyedStream<K, T, C>) super.keyBy(key);
    }

    @Override
    public <K, V> ClusterKeyedStream<K, V, C> intoKeyed() {
        return (ClusterKeyedStream<K, V, C>) super.intoKeyed();
    }

    @Override
    public ClusterStream<T, C> batch(Tick<Cluster<C>> tick) {
        return (ClusterStream<T, C>) super.batch(tick);
    }

    @Override
    public ClusterStream<T, C> allTicks() {
        return (ClusterStream<T, C>) super.allTicks();
    }

    @Override
    public ClusterStream<T, C> deferTick() {
        return (ClusterStream<T, C>) super.deferTick();
    }

    @Override
    public ClusterStream<T, C> persist() {
        return (ClusterStream<T, C>) super.persist();
    }

    @Override
    public ClusterStream<Instant, C> timeout(Duration after) {
        return (ClusterStream<Instant, C>) super.timeout(after);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Pair<ClusterStream<T, C>, ClusterStream<T, C>> partition(Predicate<? super T> predicate) {
        return (Pair<ClusterStream<T, C>, ClusterStream<T, C>>) super.partition(predicate);
    }

    /**
     * Sends every member's elements to process {@code to}, each tagged with the sender's id
     * (Hydro's {@code send_bincode} from a cluster). Order is kept per sender; elements of
     * different senders interleave in arrival order.
     *
     * <pre>{@code
     * workers.sourceIter(List.of("up")).send(leader)
     *        .forEach(kv -> System.out.println(kv.key().raw() + " is " + kv.value()));
     * }</pre>
     *
     * @param to  the receiving process, of the same flow
     * @param <P> the receiving process's tag type
     * @return a top-level, unordered stream of {@code KV(senderId, element)} on {@code to}; it ends once
     *         every sender has ended
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <P> ProcessStream<KV<MemberId<C>, T>, P> send(Process<P> to) {
        return new ProcessStream<>(flow, network("send", to, Routing.TO_PROCESS, true), to, FlowGraph.TOP_LEVEL, false);
    }

    /**
     * Sends every member's elements to process {@code to}, without the sender's id (Hydro's
     * {@code send_bincode_anonymous}). Order is kept per sender only.
     *
     * <pre>{@code
     * workers.sourceIter(List.of(1)).sendAnonymous(leader).forEach(System.out::println);   // n times "1"
     * }</pre>
     *
     * @param to  the receiving process, of the same flow
     * @param <P> the receiving process's tag type
     * @return a top-level, unordered stream of the elements on {@code to}; it ends once every sender has
     *         ended
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <P> ProcessStream<T, P> sendAnonymous(Process<P> to) {
        return new ProcessStream<>(flow, network("sendAnonymous", to, Routing.TO_PROCESS, false), to, FlowGraph.TOP_LEVEL, false);
    }

    /**
     * Each member spreads its elements over the members of cluster {@code to}: its element
     * {@code i} goes to member {@code i % n}; the receiver sees {@code KV(senderId, element)}.
     *
     * <pre>{@code
     * mappers.sourceIter(words).roundRobin(reducers)   // ClusterStream<KV<MemberId<Mapper>, String>, Reducer>
     * }</pre>
     *
     * @param to   the receiving cluster, of the same flow
     * @param <C2> the receiving cluster's tag type
     * @return a top-level, unordered stream of {@code KV(senderId, element)} on {@code to}; it ends once
     *         every sender has ended
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <C2> ClusterStream<KV<MemberId<C>, T>, C2> roundRobin(Cluster<C2> to) {
        return new ClusterStream<>(flow, network("roundRobin", to, Routing.ROUND_ROBIN, true), to, FlowGraph.TOP_LEVEL, false);
    }

    /**
     * Each member sends every element to every member of cluster {@code to}, tagged with the
     * sender's id.
     *
     * <pre>{@code
     * replicas.sourceIter(List.of("vote")).broadcast(replicas)   // everyone hears everyone
     * }</pre>
     *
     * @param to   the receiving cluster, of the same flow
     * @param <C2> the receiving cluster's tag type
     * @return a top-level, unordered stream of {@code KV(senderId, element)} on every member of {@code to};
     *         it ends once every sender has ended
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <C2> ClusterStream<KV<MemberId<C>, T>, C2> broadcast(Cluster<C2> to) {
        return new ClusterStream<>(flow, network("broadcast", to, Routing.BROADCAST, true), to, FlowGraph.TOP_LEVEL, false);
    }

    /**
     * Each member sends each of its elements, a {@code KV<MemberId<C2>, V>}, to the member of
     * {@code to} that the key names; the receiver sees {@code KV(senderId, value)}. An element of
     * another shape, or an id out of range, fails the flow.
     *
     * <pre>{@code
     * workers.sourceIter(List.of(1, 2))
     *        .map(n -> KV.of(MemberId.<Worker>of(n % 2), n))
     *        .<Worker, Integer>demux(workers);   // KV(MemberId(sender), n) on member n % 2
     * }</pre>
     *
     * @param to   the receiving cluster, of the same flow
     * @param <C2> the receiving cluster's tag type
     * @param <V>  the type of the values the keys address
     * @return a top-level, unordered stream of {@code KV(senderId, value)} on {@code to}; it ends once every
     *         sender has ended
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <C2, V> ClusterStream<KV<MemberId<C>, V>, C2> demux(Cluster<C2> to) {
        return new ClusterStream<>(flow, network("demux", to, Routing.DEMUX, true), to, FlowGraph.TOP_LEVEL, false);
    }

    /**
     * Cluster-to-cluster {@code send}: the same as {@link #demux(Cluster)} (Hydro's
     * {@code send_bincode} between clusters, which addresses each element to a member).
     *
     * <pre>{@code
     * workers.sourceIter(List.of(3)).map(n -> KV.of(MemberId.<Worker>of(0), n)).<Worker, Integer>send(workers);
     * }</pre>
     *
     * @param to   the receiving cluster, of the same flow
     * @param <C2> the receiving cluster's tag type
     * @param <V>  the type of the values the keys address
     * @return a top-level, unordered stream of {@code KV(senderId, value)} on {@code to}; it ends once every
     *         sender has ended
     * @throws IllegalStateException when this stream is inside a tick (leave it with {@code allTicks()}
     *                               first)
     */
    public <C2, V> ClusterStream<KV<MemberId<C>, V>, C2> send(Cluster<C2> to) {
        return new ClusterStream<>(flow, network("send", to, Routing.DEMUX, true), to, FlowGraph.TOP_LEVEL, false);
    }
}
