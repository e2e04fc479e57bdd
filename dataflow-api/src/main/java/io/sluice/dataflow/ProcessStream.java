package io.sluice.dataflow;

import io.sluice.dataflow.ir.Routing;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stream on a {@link Process}: a {@link Stream} whose network operators send from one member.
 * Elements are in a total order, kept by every local operator and by {@link #send(Process)}.
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

    ProcessStream(FlowBuilder flow, int node, Process<P> location) {
        super(flow, node, location);
    }

    @Override
    <U> ProcessStream<U, P> derive(int id) {
        return new ProcessStream<>(flow, id, location);
    }

    @Override
    public <U> ProcessStream<U, P> map(Function<? super T, ? extends U> fn) {
        return (ProcessStream<U, P>) super.map(fn);
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
    public ProcessStream<T, P> union(Stream<T, Process<P>> other) {
        return (ProcessStream<T, P>) super.union(other);
    }

    /**
     * Sends every element to process {@code to}, in order (Hydro's {@code send_bincode}).
     * Network: one channel; order kept; exactly once when no member fails.
     *
     * <pre>{@code
     * p1.sourceIter(List.of(1, 2, 3)).send(p2).forEach(System.out::println);   // on p2: 1, 2, 3
     * }</pre>
     */
    public <P2> ProcessStream<T, P2> send(Process<P2> to) {
        return new ProcessStream<>(flow, network("send", to, Routing.TO_PROCESS, false), to);
    }

    /**
     * Spreads the elements over the members of {@code to}: element {@code i} (counting from 0)
     * goes to member {@code i % n}, members in ascending id order (Hydro's
     * {@code round_robin_bincode}). Each member receives its share in order.
     *
     * <pre>{@code
     * leader.sourceIter(List.of(0, 1, 2, 3, 4)).roundRobin(workers)   // 4 members: 0 -> 0 and 4, 1 -> 1, ...
     * }</pre>
     */
    public <C> ClusterStream<T, C> roundRobin(Cluster<C> to) {
        return new ClusterStream<>(flow, network("roundRobin", to, Routing.ROUND_ROBIN, false), to);
    }

    /**
     * Sends every element to every member of {@code to}, each in order (Hydro's
     * {@code broadcast_bincode}).
     *
     * <pre>{@code
     * leader.sourceIter(List.of("config")).broadcast(workers)   // each member gets "config"
     * }</pre>
     */
    public <C> ClusterStream<T, C> broadcast(Cluster<C> to) {
        return new ClusterStream<>(flow, network("broadcast", to, Routing.BROADCAST, false), to);
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
     */
    public <C, V> ClusterStream<V, C> demux(Cluster<C> to) {
        return new ClusterStream<>(flow, network("demux", to, Routing.DEMUX, false), to);
    }
}
