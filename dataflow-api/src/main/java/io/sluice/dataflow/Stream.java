package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stream of {@code T} located at {@code L}: Hydro's {@code Stream<T, L, B, O>}. A stream on a
 * process is a {@link ProcessStream}, on a cluster a {@link ClusterStream}; both have the local
 * operators below, and each has the network operators that fit its location.
 *
 * <p><b>Properties.</b> A stream is <em>unbounded</em> at top level and <em>bounded</em> inside a
 * tick ({@link #batch(Tick)}): one batch per tick. Its order is either guaranteed
 * ({@link #isOrdered()}: a source, a send from one process) or not (after a cluster sends to a
 * process, a {@link #union}, a {@link KeyedStream#join join}). Operators whose result depends on
 * the order ({@link #fold}, {@link #reduce}, {@link #enumerate}, {@link #first}, {@link #last},
 * {@link #scan}, {@link #collectList}) refuse an unordered input with a message naming the
 * commutative form ({@link #foldCommutative}, {@link #reduceCommutative}) or
 * {@link #assumeOrdering(String)}; operators that need a whole batch ({@link #sort},
 * {@link #collectList}, {@link #chain}) refuse an unbounded one. {@link #forEach} accepts any
 * order, as Hydro's {@code for_each} does.
 *
 * <p>Local operators run on every member of the stream's location, on that member's elements,
 * and keep the element order of their input unless they say otherwise. They never cross the
 * network. Operator functions run inside actors: they must not block, must return new values
 * rather than change their inputs, and may throw, which fails the flow with the operator, its
 * member and the exception.
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
public abstract sealed class Stream<T, L extends Location> extends StreamAggregates<T, L>
        permits ProcessStream, ClusterStream {

    /**
     * How many completion stages {@link #resolveFutures} and {@link #resolveFuturesOrdered} await
     * at a time on each member; beyond that their input waits, and upstream slows down.
     */
    public static final int MAX_FUTURES_IN_FLIGHT = 256;

    Stream(FlowBuilder flow, int node, L location, int tick, boolean ordered) {
        super(flow, node, location, tick, ordered);
    }

    /** A stream of the right kind for {@code location}. */
    @SuppressWarnings("unchecked")
    static <T, L extends Location> Stream<T, L> make(FlowBuilder flow, int node, L location, int tick, boolean ordered) {
        if (location instanceof Process<?> p) {
            return (Stream<T, L>) new ProcessStream<>(flow, node, p, tick, ordered);
        }
        return (Stream<T, L>) new ClusterStream<>(flow, node, (Cluster<?>) location, tick, ordered);
    }

    /** The stream made by {@code node}, at this stream's location. */
    <U> Stream<U, L> derive(int id, int inTick, boolean isOrdered) {
        return make(flow, id, location, inTick, isOrdered);
    }

    private <U> Stream<U, L> next(String operator, FlowBuilder.NodeFactory factory) {
        return derive(add(operator, factory), tick, ordered);
    }

    // ----- element-wise -----

    /**
     * {@code fn(x)} for every element {@code x}, in order.
     *
     * <pre>{@code
     * numbers.map(n -> n * 2)
     * }</pre>
     *
     * @param fn  the function of each element; it must not return null
     * @param <U> the result type
     * @return a stream of the results, with this stream's order, at this stream's location and in its tick
     */
    @SuppressWarnings("unchecked")
    public <U> Stream<U, L> map(Function<? super T, ? extends U> fn) {
        Objects.requireNonNull(fn, "fn");
        return derive(mapNode("map", (Function<Object, Object>) fn), tick, ordered);
    }

    /**
     * The elements for which {@code predicate} holds, in order.
     *
     * <pre>{@code
     * numbers.filter(n -> n > 0)
     * }</pre>
     *
     * @param predicate the test of each element
     * @return a stream of the accepted elements, with this stream's order, at this stream's location and in
     *         its tick
     */
    @SuppressWarnings("unchecked")
    public Stream<T, L> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return derive(filterNode("filter", (Predicate<Object>) predicate), tick, ordered);
    }

    /**
     * Every element of {@code fn(x)}, in order, for every element {@code x}.
     *
     * <pre>{@code
     * lines.flatMap(line -> List.of(line.split(" ")))
     * }</pre>
     *
     * @param fn  the function of each element to the elements it stands for; it must not return null
     * @param <U> the result type
     * @return a stream of all the results, with this stream's order, at this stream's location and in its
     *         tick
     */
    @SuppressWarnings("unchecked")
    public <U> Stream<U, L> flatMap(Function<? super T, ? extends Iterable<? extends U>> fn) {
        Objects.requireNonNull(fn, "fn");
        Function<Object, Iterable<?>> f = (Function<Object, Iterable<?>>) (Function<?, ?>) fn;
        return next("flatMap", (id, origin) -> new Node.FlatMap(id, location.id(), origin, node, f));
    }

    /**
     * The present values of {@code fn(x)}, in order: a map and a filter in one.
     *
     * <pre>{@code
     * words.filterMap(w -> w.isEmpty() ? Optional.empty() : Optional.of(w.length()))
     * }</pre>
     *
     * @param fn  the function of each element, empty for no result
     * @param <U> the result type
     * @return a stream of the present results, with this stream's order, at this stream's location and in its
     *         tick
     */
    @SuppressWarnings("unchecked")
    public <U> Stream<U, L> filterMap(Function<? super T, Optional<U>> fn) {
        Objects.requireNonNull(fn, "fn");
        Function<Object, Optional<?>> f = (Function<Object, Optional<?>>) (Function<?, ?>) fn;
        return next("filterMap", (id, origin) -> new Node.FilterMap(id, location.id(), origin, node, f));
    }

    /**
     * The same elements, after calling {@code action} on each: for logging and debugging.
     * Lines it prints are shown with the member's prefix, e.g.
     * {@code [io.sluice.examples.FirstTenCluster.Worker (cluster 1) / 2] 4}.
     *
     * <pre>{@code
     * numbers.inspect(n -> System.out.println(n))
     * }</pre>
     *
     * @param action what to do with each element; it must not change it
     * @return a stream of the same elements, with this stream's order, at this stream's location and in its
     *         tick
     */
    @SuppressWarnings("unchecked")
    public Stream<T, L> inspect(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        Consumer<Object> a = (Consumer<Object>) action;
        return next("inspect", (id, origin) -> new Node.Inspect(id, location.id(), origin, node, a));
    }

    /**
     * Each element paired with its index on this member, from 0: {@code KV(0, a), KV(1, b), ...}.
     * On a cluster every member counts its own elements. Needs an ordered input.
     *
     * <pre>{@code
     * leader.sourceIter(List.of("a", "b")).enumerate()   // KV(0, "a"), KV(1, "b")
     * }</pre>
     *
     * @return an ordered stream of {@code KV(index, element)}, at this stream's location and in its tick
     * @throws IllegalStateException when this stream has no guaranteed order
     */
    public Stream<KV<Long, T>, L> enumerate() {
        requireOrdered("enumerate", "");
        return next("enumerate", (id, origin) -> new Node.Enumerate(id, location.id(), origin, node));
    }

    /**
     * Calls {@code action} on every element, in the order they come: ends the stream. Accepts any
     * order. Lines it prints are shown with the member's prefix.
     *
     * <pre>{@code
     * numbers.forEach(n -> System.out.println(n));
     * }</pre>
     *
     * @param action what to do with each element, on the member that holds it
     */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        Consumer<Object> a = (Consumer<Object>) action;
        add("forEach", (id, origin) -> new Node.ForEach(id, location.id(), origin, node, a));
    }

    /**
     * The value of the completion stage {@code fn(x)} for every element {@code x}, emitted as
     * the stages complete (Hydro's {@code resolve_futures}; with {@code f -> f} on a stream of
     * futures it is exactly that). For asynchronous calls (a database, an HTTP client) that must
     * not block an actor.
     *
     * <pre>{@code
     * ids.resolveFutures(id -> client.fetchAsync(id))     // CompletionStage<User> per id
     *    .forEach(user -> System.out.println(user.name()));
     * }</pre>
     *
     * <p><b>Location:</b> {@code fn} is called on the member that holds {@code x}; the stage may
     * complete on any thread, which wakes the member's actor: nothing blocks. <b>Ordering:</b>
     * completion order, so the result is unordered (see {@link #resolveFuturesOrdered} for input
     * order). <b>Network:</b> none. <b>Backpressure:</b> at most {@value #MAX_FUTURES_IN_FLIGHT}
     * stages are awaited at a time on each member; beyond that the input's acknowledgements are
     * held, so upstream slows down. <b>Completion:</b> the stream ends once its input has ended
     * and every stage has completed; a stage that fails (or yields null) fails the flow with a
     * message naming this operator's call site and the cause. Top-level streams only.
     *
     * @param fn  the call of each element; it must not block, and must return a stage, not null
     * @param <U> the result type
     * @return an unordered top-level stream of the results, at this stream's location
     * @throws IllegalStateException when this stream is inside a tick
     */
    public <U> Stream<U, L> resolveFutures(Function<? super T, ? extends CompletionStage<? extends U>> fn) {
        return resolve("resolveFutures", fn, false);
    }

    /**
     * The value of the completion stage {@code fn(x)} for every element {@code x}, in input
     * order: a stage that completes early is held until those before it have (Hydro's
     * {@code resolve_futures_ordered}).
     *
     * <pre>{@code
     * requests.resolveFuturesOrdered(r -> service.callAsync(r))   // replies in request order
     *         .forEach(reply -> System.out.println(reply));
     * }</pre>
     *
     * <p>Location, network, backpressure (at most {@value #MAX_FUTURES_IN_FLIGHT} stages awaited
     * at a time on each member, early results included) and completion as for
     * {@link #resolveFutures}. <b>Ordering:</b> this stream's order.
     *
     * @param fn  the call of each element; it must not block, and must return a stage, not null
     * @param <U> the result type
     * @return a top-level stream of the results, with this stream's order, at this stream's location
     * @throws IllegalStateException when this stream is inside a tick
     */
    public <U> Stream<U, L> resolveFuturesOrdered(Function<? super T, ? extends CompletionStage<? extends U>> fn) {
        return resolve("resolveFuturesOrdered", fn, true);
    }

    @SuppressWarnings("unchecked")
    private <U> Stream<U, L> resolve(String operator, Function<? super T, ? extends CompletionStage<? extends U>> fn,
                                     boolean inOrder) {
        Objects.requireNonNull(fn, "fn");
        requireTopLevel(operator);
        Function<Object, CompletionStage<?>> f = (Function<Object, CompletionStage<?>>) (Function<?, ?>) fn;
        int id = add(operator, (n, origin) -> new Node.ResolveFutures(n, location.id(), origin, node, f, inOrder,
                MAX_FUTURES_IN_FLIGHT));
        return derive(id, tick, inOrder && ordered);
    }

    /**
     * This stream, declared ordered: the escape hatch for an order-sensitive operator on an
     * unordered stream, when the order it happens to have is good enough (Hydro's
     * {@code assume_ordering}). {@code why} says why, so that the assumption is visible in review.
     *
     * <pre>{@code
     * requests.sendAnonymous(leader)                                // no order across senders
     *         .assumeOrdering("the leader's arrival order is the log's order")
     *         .enumerate()
     * }</pre>
     *
     * @param why why the order is safe, not blank
     * @return the same stream, declared ordered
     * @throws IllegalArgumentException when {@code why} is blank
     */
    public Stream<T, L> assumeOrdering(String why) {
        Objects.requireNonNull(why, "why");
        if (why.isBlank()) {
            throw new IllegalArgumentException("assumeOrdering at " + FlowBuilder.callSite() + ": say why the order "
                    + "is safe to assume, e.g. assumeOrdering(\"the leader's arrival order defines the log\")");
        }
        return derive(node, tick, true);
    }

    // ----- combining -----

    /**
     * The elements of this stream and of {@code other}, interleaved as they arrive: the order
     * within each input is kept, the order between them is not, so the result is unordered
     * (Hydro's {@code union}/{@code merge_unordered}). Both streams must be on the same location
     * and in the same tick.
     *
     * <pre>{@code
     * evens.union(odds).forEach(System.out::println)
     * }</pre>
     *
     * @param other a stream of the same location and tick
     * @return an unordered stream of the elements of both, at this stream's location and in its tick
     * @throws IllegalArgumentException when {@code other} is on another location, tick or flow
     */
    public Stream<T, L> union(Stream<T, L> other) {
        sameScope("union", other);
        return derive(add("union", (id, origin) -> new Node.Union(id, location.id(), origin, List.of(node, other.node))),
                tick, false);
    }

    /**
     * Inside a tick: this tick's elements of this stream, then those of {@code next} (Hydro's
     * {@code chain}). Ordered when both are.
     *
     * <pre>{@code
     * header.batch(tick).chain(rows.batch(tick))
     * }</pre>
     *
     * @param next a stream of the same location and tick, whose elements come second
     * @return a bounded stream in this tick, ordered when both inputs are
     * @throws IllegalStateException when this stream is at top level (unbounded)
     */
    public Stream<T, L> chain(Stream<T, L> next) {
        sameScope("chain", next);
        requireBounded("chain");
        return derive(add("chain", (id, origin) -> new Node.Chain(id, location.id(), origin, node, next.node)),
                tick, ordered && next.ordered);
    }

    /**
     * Every pair of an element of this stream and one of {@code other}: {@code Pair(a, b)}, in no
     * guaranteed order. At top level both sides are kept forever (each new element pairs with
     * everything seen on the other side); inside a tick, each tick's batches are paired.
     *
     * <pre>{@code
     * sizes.batch(tick).crossProduct(colors.batch(tick))   // Pair("S", "red"), Pair("S", "blue"), ...
     * }</pre>
     *
     * @param other a stream of the same location and tick
     * @param <U>   the other stream's element type
     * @return an unordered stream of the pairs, at this stream's location and in its tick
     */
    public <U> Stream<Pair<T, U>, L> crossProduct(Stream<U, L> other) {
        sameScope("crossProduct", other);
        return derive(add("crossProduct",
                (id, origin) -> new Node.CrossProduct(id, location.id(), origin, node, other.node)), tick, false);
    }

    /**
     * Every element paired with the value of {@code singleton}: {@code Pair(x, value)}, in order.
     * Inside a tick, with this tick's value (nothing when an optional is empty); at top level,
     * with its latest value (elements wait for the first one).
     *
     * <pre>{@code
     * batch.crossSingleton(batch.count())      // each element with the size of its tick's batch
     * }</pre>
     *
     * @param singleton a singleton of the same location and tick
     * @param <U>       the singleton's value type
     * @return a stream of the pairs with this stream's order, at this stream's location and in its tick
     */
    public <U> Stream<Pair<T, U>, L> crossSingleton(Singleton<U, L> singleton) {
        return crossSingleton("crossSingleton", singleton);
    }

    /**
     * As {@link #crossSingleton(Singleton)}, with an optional value.
     *
     * @param optional an optional of the same location and tick
     * @param <U>      the optional's value type
     * @return a stream of the pairs with this stream's order, at this stream's location and in its tick
     */
    public <U> Stream<Pair<T, U>, L> crossSingleton(OptionalValue<U, L> optional) {
        return crossSingleton("crossSingleton", optional);
    }

    private <U> Stream<Pair<T, U>, L> crossSingleton(String operator, Located<L> value) {
        sameScope(operator, value);
        return derive(add(operator,
                (id, origin) -> new Node.CrossSingleton(id, location.id(), origin, node, value.node)), tick, ordered);
    }

    /**
     * The first occurrence of every distinct element ({@code equals}), in order. Inside a tick,
     * per tick; at top level, over the whole stream (it remembers every element).
     *
     * <pre>{@code
     * words.unique()
     * }</pre>
     *
     * @return a stream of the distinct elements, with this stream's order, at this stream's location and in
     *         its tick
     */
    public Stream<T, L> unique() {
        return next("unique", (id, origin) -> new Node.Unique(id, location.id(), origin, node));
    }

    /**
     * Inside a tick: each tick's elements sorted by {@code order}. The result is ordered.
     *
     * <pre>{@code
     * scores.batch(tick).sort(Comparator.reverseOrder())
     * }</pre>
     *
     * @param order the order of the elements
     * @return a bounded, ordered stream in this tick
     * @throws IllegalStateException when this stream is at top level (unbounded)
     */
    @SuppressWarnings("unchecked")
    public Stream<T, L> sort(Comparator<? super T> order) {
        Objects.requireNonNull(order, "order");
        requireBounded("sort");
        Comparator<Object> c = (Comparator<Object>) order;
        return derive(add("sort", (id, origin) -> new Node.Sort(id, location.id(), origin, node, c)), tick, true);
    }

    /**
     * Two streams: the elements for which {@code predicate} holds ({@link Pair#first()}) and the
     * others ({@link Pair#second()}), each in order.
     *
     * <pre>{@code
     * Pair<ProcessStream<Integer, Leader>, ProcessStream<Integer, Leader>> parts = numbers.partition(n -> n % 2 == 0);
     * parts.first().forEach(n -> System.out.println("even " + n));
     * parts.second().forEach(n -> System.out.println("odd " + n));
     * }</pre>
     *
     * @param predicate the test of each element
     * @return the accepted and the other elements, each a stream with this stream's order, at this stream's
     *         location and in its tick
     */
    public Pair<? extends Stream<T, L>, ? extends Stream<T, L>> partition(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        @SuppressWarnings("unchecked")
        Predicate<Object> yes = (Predicate<Object>) predicate;
        Stream<T, L> matching = derive(filterNode("partition", yes), tick, ordered);
        Stream<T, L> others = derive(filterNode("partition", yes.negate()), tick, ordered);
        return Pair.of(matching, others);
    }

    // ----- ticks -----

    /**
     * Enters {@code tick}: each tick, the elements that arrived since the previous one, as a
     * bounded batch (Hydro's {@code batch}). The stream must be at top level on the tick's
     * location. Order is kept.
     *
     * <pre>{@code
     * requests.batch(tick).count()     // requests per tick
     * }</pre>
     *
     * @param tick a tick of this stream's location
     * @return a bounded stream inside {@code tick}, with this stream's order
     * @throws IllegalStateException when this stream is inside a tick
     */
    public Stream<T, L> batch(Tick<L> tick) {
        ownTick("batch", tick);
        requireTopLevel("batch");
        return derive(add("batch", (id, origin) -> new Node.Batch(id, location.id(), origin, node, tick.id)),
                tick.id, ordered);
    }

    /**
     * Leaves the tick: the batches of all ticks, one after the other, as an unbounded stream
     * (Hydro's {@code all_ticks}).
     *
     * <pre>{@code
     * words.batch(tick).unique().allTicks()   // each tick's distinct words
     * }</pre>
     *
     * @return a top-level stream at this location, with this stream's order; it ends once the tick's inputs
     *         have ended
     * @throws IllegalStateException when this stream is at top level (unbounded)
     */
    public Stream<T, L> allTicks() {
        return derive(exitNode("allTicks"), FlowGraph.TOP_LEVEL, ordered);
    }

    /**
     * Inside a tick: the batch this stream had in the previous tick (empty in the first).
     *
     * <pre>{@code
     * Stream<Long, ...> previous = counts.deferTick();
     * }</pre>
     *
     * @return a bounded stream in this tick, with this stream's order
     * @throws IllegalStateException when this stream is at top level (unbounded)
     */
    public Stream<T, L> deferTick() {
        return derive(deferNode(), tick, ordered);
    }

    /**
     * Inside a tick: every element of this tick and of all earlier ticks, in arrival order
     * (Hydro's {@code persist}).
     *
     * <pre>{@code
     * Stream<String, ...> allSoFar = names.batch(tick).persist();
     * }</pre>
     *
     * @return a bounded stream in this tick, with this stream's order
     * @throws IllegalStateException when this stream is at top level (unbounded)
     */
    public Stream<T, L> persist() {
        requireBounded("persist");
        return next("persist", (id, origin) -> new Node.Persist(id, location.id(), origin, node));
    }

    // ----- time -----

    /**
     * The current {@link Instant} each time this stream has had no element for {@code after}
     * (once per silence, from the start): a failure detector for heartbeats. Top level only.
     *
     * <pre>{@code
     * heartbeats.timeout(Duration.ofSeconds(2)).forEach(t -> System.out.println("leader silent at " + t));
     * }</pre>
     *
     * @param after how long a silence counts, positive
     * @return a top-level, ordered stream of instants at this location
     * @throws IllegalStateException when this stream is inside a tick
     */
    public Stream<Instant, L> timeout(Duration after) {
        FlowBuilder.requirePositive("timeout", after);
        requireTopLevel("timeout");
        return derive(add("timeout", (id, origin) -> new Node.Timeout(id, location.id(), origin, node, after)),
                tick, true);
    }

    // ----- network -----

    /** Adds a network node from this stream to {@code target}. */
    int network(String operator, Location target, io.sluice.dataflow.ir.Routing routing, boolean tagSender) {
        Objects.requireNonNull(target, operator + " target");
        flow.checkOwn(target, operator);
        requireTopLevel(operator);
        return flow.add(operator, target,
                (id, origin) -> new Node.Network(id, target.id(), origin, node, location.id(), routing, tagSender));
    }
}
