package io.sluice.dataflow;

import io.sluice.dataflow.ir.Node;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An unbounded stream of {@code T} located at {@code L}: Hydro's {@code Stream<T, L>}. A stream
 * on a process is a {@link ProcessStream}, on a cluster a {@link ClusterStream}; both have the
 * local operators below, and each has the network operators that fit its location.
 *
 * <p>Local operators run on every member of the stream's location, on that member's elements,
 * and keep the element order of their input. They never cross the network. Operator functions
 * run inside actors: they must not block, and they may throw, which fails the flow with the
 * operator, its member and the exception.
 *
 * <pre>{@code
 * leader.sourceIter(List.of(1, 2, 3, 4))
 *       .filter(n -> n % 2 == 0)
 *       .map(n -> n * 10)
 *       .forEach(System.out::println);      // 20, 40
 * }</pre>
 *
 * <p>Streams carry no nulls: a function that returns null fails the flow (use
 * {@link #filterMap} with {@link Optional} for "no result").
 *
 * @param <T> the element type
 * @param <L> the location type, {@code Process<P>} or {@code Cluster<C>}
 */
public abstract sealed class Stream<T, L extends Location> permits ProcessStream, ClusterStream {

    final FlowBuilder flow;
    final int node;
    final L location;

    Stream(FlowBuilder flow, int node, L location) {
        this.flow = flow;
        this.node = node;
        this.location = location;
    }

    /** The location this stream lives on. */
    public L location() {
        return location;
    }

    /** A stream of the same kind as this one, at the same location, for node {@code id}. */
    abstract <U> Stream<U, L> derive(int id);

    /**
     * {@code fn(x)} for every element {@code x}, in order.
     *
     * <pre>{@code
     * numbers.map(n -> n * 2)
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <U> Stream<U, L> map(Function<? super T, ? extends U> fn) {
        Objects.requireNonNull(fn, "fn");
        Function<Object, Object> f = (Function<Object, Object>) fn;
        return derive(flow.add("map", location, (id, origin) -> new Node.Map(id, location.id(), origin, node, f)));
    }

    /**
     * The elements for which {@code predicate} holds, in order.
     *
     * <pre>{@code
     * numbers.filter(n -> n > 0)
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public Stream<T, L> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        Predicate<Object> p = (Predicate<Object>) predicate;
        return derive(flow.add("filter", location, (id, origin) -> new Node.Filter(id, location.id(), origin, node, p)));
    }

    /**
     * Every element of {@code fn(x)}, in order, for every element {@code x}.
     *
     * <pre>{@code
     * lines.flatMap(line -> List.of(line.split(" ")))
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <U> Stream<U, L> flatMap(Function<? super T, ? extends Iterable<? extends U>> fn) {
        Objects.requireNonNull(fn, "fn");
        Function<Object, Iterable<?>> f = (Function<Object, Iterable<?>>) (Function<?, ?>) fn;
        return derive(flow.add("flatMap", location, (id, origin) -> new Node.FlatMap(id, location.id(), origin, node, f)));
    }

    /**
     * The present values of {@code fn(x)}, in order: a map and a filter in one.
     *
     * <pre>{@code
     * words.filterMap(w -> w.isEmpty() ? Optional.empty() : Optional.of(w.length()))
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <U> Stream<U, L> filterMap(Function<? super T, Optional<U>> fn) {
        Objects.requireNonNull(fn, "fn");
        Function<Object, Optional<?>> f = (Function<Object, Optional<?>>) (Function<?, ?>) fn;
        return derive(flow.add("filterMap", location, (id, origin) -> new Node.FilterMap(id, location.id(), origin, node, f)));
    }

    /**
     * The same elements, after calling {@code action} on each: for logging and debugging.
     * Lines it prints are shown with the member's prefix, e.g.
     * {@code [io.sluice.examples.FirstTenCluster.Worker (cluster 1) / 2] 4}.
     *
     * <pre>{@code
     * numbers.inspect(n -> System.out.println(n))
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public Stream<T, L> inspect(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        Consumer<Object> a = (Consumer<Object>) action;
        return derive(flow.add("inspect", location, (id, origin) -> new Node.Inspect(id, location.id(), origin, node, a)));
    }

    /**
     * Each element paired with its index on this member, from 0: {@code KV(0, a), KV(1, b), ...}.
     * On a cluster every member counts its own elements.
     *
     * <pre>{@code
     * leader.sourceIter(List.of("a", "b")).enumerate()   // KV(0, "a"), KV(1, "b")
     * }</pre>
     */
    public Stream<KV<Long, T>, L> enumerate() {
        return derive(flow.add("enumerate", location, (id, origin) -> new Node.Enumerate(id, location.id(), origin, node)));
    }

    /**
     * The elements of this stream and of {@code other}, interleaved as they arrive: the order
     * within each input is kept, the order between them is not. Both streams must be on the same
     * location.
     *
     * <pre>{@code
     * evens.union(odds).forEach(System.out::println)
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code other} is on another location or flow
     */
    public Stream<T, L> union(Stream<T, L> other) {
        Objects.requireNonNull(other, "other");
        sameLocation("union", other);
        return derive(flow.add("union", location,
                (id, origin) -> new Node.Union(id, location.id(), origin, java.util.List.of(node, other.node))));
    }

    /**
     * Calls {@code action} on every element, in order: ends the stream. Lines it prints are
     * shown with the member's prefix.
     *
     * <pre>{@code
     * numbers.forEach(n -> System.out.println(n));
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        Consumer<Object> a = (Consumer<Object>) action;
        flow.add("forEach", location, (id, origin) -> new Node.ForEach(id, location.id(), origin, node, a));
    }

    /** Adds a network node from this stream to {@code target}. */
    int network(String operator, Location target, io.sluice.dataflow.ir.Routing routing, boolean tagSender) {
        Objects.requireNonNull(target, operator + " target");
        flow.checkOwn(target, operator);
        return flow.add(operator, target,
                (id, origin) -> new Node.Network(id, target.id(), origin, node, location.id(), routing, tagSender));
    }

    private void sameLocation(String operator, Stream<?, ?> other) {
        if (other.flow != flow) {
            throw new IllegalArgumentException(operator + ": the other stream (made by " + other.flow.origin(other.node)
                    + ") belongs to another FlowBuilder; combine streams of one flow only");
        }
        if (other.location.id() != location.id()) {
            throw new IllegalArgumentException(operator + ": the other stream (made by " + flow.origin(other.node)
                    + ") is on " + other.location + ", but this one (made by " + flow.origin(node) + ") is on " + location
                    + "; streams can only be combined on one location: send one of them to the other's location first");
        }
    }
}
