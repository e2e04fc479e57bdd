package io.sluice.dataflow.ir;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
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
 * One operator of a flow. Every node has an id (its index in {@link FlowGraph#nodes()}), the id
 * of the location it runs on, the ids of its inputs, and its {@link Origin}.
 *
 * <p>Functions are stored untyped: the typed API guarantees that each function receives the
 * element type its input produces.
 *
 * <p><b>Ticks.</b> A node is either top-level (it sees an unbounded stream) or inside one tick of
 * its location (it sees one bounded batch per tick). {@link Batch}, {@link Snapshot} and
 * {@link Defer} nodes enter a tick, {@link AllTicks} leaves it; every other node is in the scope
 * of its inputs ({@link FlowGraph#scope(int)}). Singletons, optionals and keyed collections are
 * carried as streams: inside a tick a singleton is one element per tick; at top level it is the
 * stream of its successive values, a keyed singleton the stream of its {@code KV} updates.
 */
public sealed interface Node {

    /**
     * This node's id.
     *
     * @return the index of this node in {@link FlowGraph#nodes()}
     */
    int id();

    /**
     * The id of the location this node runs on (for a network node: the receiving location).
     *
     * @return a location id
     */
    int location();

    /**
     * The ids of the nodes whose output this node consumes, in port order.
     *
     * @return node ids, empty for a source
     */
    List<Integer> inputs();

    /**
     * The operator and call site that made this node.
     *
     * @return the origin, for messages
     */
    Origin origin();

    /**
     * Whether this node ends a stream (it has no output).
     *
     * @return {@code true} for a node without output, such as {@code forEach}
     */
    default boolean isSink() {
        return false;
    }

    /**
     * A one-line description for {@link FlowGraph#describe()}, without id and location.
     *
     * @return e.g. {@code map} or {@code batch(tick 0)}
     */
    String describe();

    /**
     * Calls the method of {@code visitor} for this node's record.
     *
     * @param visitor what handles every kind of node
     * @param <R>     what the visitor makes of a node
     * @return what the visitor made of this node
     */
    <R> R accept(NodeVisitor<R> visitor);


    /** A node with exactly one input. */
    sealed interface Unary extends Node permits Map, Filter, FlatMap, FilterMap, Inspect, Enumerate, ForEach, Network,
            Batch, Snapshot, Defer, AllTicks, Persist, Fold, Reduce, Unique, Sort, Scan, SampleEvery, AtEnd, Timeout, Cycle,
            ResolveFutures, DestSink, ExternalSink {

        /**
         * The id of the node whose output this node consumes.
         *
         * @return a node id ({@link FlowGraph#OPEN_REFERENCE} in an open forward reference)
         */
        int input();

        @Override
        default List<Integer> inputs() {
            return List.of(input());
        }
    }

    /**
     * Emits every element of {@code items} once, on every member of its location, then completes.
     * Each member calls {@code items.iterator()} for itself, lazily: a range of a billion
     * numbers costs no memory.
     */
    record SourceIter(int id, int location, Origin origin, Iterable<?> items) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of();
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "sourceIter";
        }
    }

    /** {@code fn(x)} for every element {@code x}. */
    record Map(int id, int location, Origin origin, int input, Function<Object, Object> fn) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "map";
        }
    }

    /** The elements for which {@code predicate} holds. */
    record Filter(int id, int location, Origin origin, int input, Predicate<Object> predicate) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "filter";
        }
    }

    /** Every element of {@code fn(x)}, in order, for every element {@code x}. */
    record FlatMap(int id, int location, Origin origin, int input, Function<Object, Iterable<?>> fn) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "flatMap";
        }
    }

    /** The present results of {@code fn(x)}. */
    record FilterMap(int id, int location, Origin origin, int input, Function<Object, Optional<?>> fn) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "filterMap";
        }
    }

    /** Every element unchanged, after calling {@code action} on it. */
    record Inspect(int id, int location, Origin origin, int input, Consumer<Object> action) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "inspect";
        }
    }

    /** {@code KV(i, x)} for the {@code i}-th element {@code x} seen by each member, from 0. */
    record Enumerate(int id, int location, Origin origin, int input) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "enumerate";
        }
    }

    /** The elements of all inputs, interleaved in arrival order. */
    record Union(int id, int location, Origin origin, List<Integer> inputs) implements Node {
        /**
         * Freezes the inputs.
         *
         * @param id       the node's id
         * @param location the location it runs on
         * @param origin   the operator and call site that made it
         * @param inputs   the streams it interleaves, in port order
         */
        public Union {
            inputs = List.copyOf(inputs);
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "union";
        }
    }

    /** Calls {@code action} on every element: a sink. */
    record ForEach(int id, int location, Origin origin, int input, Consumer<Object> action) implements Unary {
        @Override
        public boolean isSink() {
            return true;
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "forEach";
        }
    }

    /**
     * Moves a stream from location {@code from} to {@code location}: the serialization boundary.
     * The sender side routes each element to target members by {@code routing}; the receiving
     * side tags each element with the sender's member id when {@code tagSender} is set.
     */
    record Network(int id, int location, Origin origin, int input, int from, Routing routing,
                   boolean tagSender) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "network(" + routing.name().toLowerCase(java.util.Locale.ROOT)
                    + (tagSender ? ", tagged" : "") + ") from location " + from;
        }
    }

    /**
     * Enters tick {@code tick}: each tick, the elements that arrived since the previous one, as a
     * bounded batch (Hydro's {@code batch}).
     */
    record Batch(int id, int location, Origin origin, int input, int tick) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "batch(tick " + tick + ")";
        }
    }

    /**
     * Enters tick {@code tick} with the current value of a top-level singleton (its latest
     * element), or of every key of a keyed singleton when {@code keyed}: emitted once per tick.
     */
    record Snapshot(int id, int location, Origin origin, int input, int tick, boolean keyed) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "snapshot(tick " + tick + (keyed ? ", keyed" : "") + ")";
        }
    }

    /**
     * Inside tick {@code tick}: what its input held in the previous tick (empty in the first).
     * The input may come later in the graph than this node: that is how a tick cycle feeds tick
     * {@code t}'s value into tick {@code t + 1}.
     */
    record Defer(int id, int location, Origin origin, int input, int tick) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "defer(tick " + tick + ")";
        }
    }

    /** Leaves a tick: the elements of every tick, one tick after the other, as an unbounded stream. */
    record AllTicks(int id, int location, Origin origin, int input) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "allTicks";
        }
    }

    /** Inside a tick: every element its input had in this tick and all earlier ones. */
    record Persist(int id, int location, Origin origin, int input) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "persist";
        }
    }

    /**
     * Folds the input with {@code step}, from {@code init()}: per key when {@code keyed} (the
     * input then carries {@code KV}s and the output {@code KV(key, accumulator)}). Inside a tick it
     * emits each tick's result at the end of the tick; at top level it emits the new value after
     * every input batch (per key: the keys that changed), and {@code init()} at start when not keyed.
     */
    record Fold(int id, int location, Origin origin, int input, Supplier<Object> init,
                BiFunction<Object, Object, Object> step, boolean keyed) implements Unary {

        /** The initial value of {@code count()}: {@code 0L}. */
        public static final Supplier<Object> COUNT_INIT = () -> 0L;

        /** The step of {@code count()}: one more, whatever the element. */
        public static final BiFunction<Object, Object, Object> COUNT_STEP = (n, element) -> (Long) n + 1;

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        /**
         * Whether this fold counts its elements ({@code count()}, made with {@link #COUNT_INIT} and
         * {@link #COUNT_STEP}): a backend may then count without calling them.
         */
        public boolean isCount() {
            return init == COUNT_INIT && step == COUNT_STEP;
        }

        @Override
        public String describe() {
            return keyed ? "fold(keyed)" : "fold";
        }
    }

    /** As {@link Fold}, from the first element instead of an initial value: nothing when empty. */
    record Reduce(int id, int location, Origin origin, int input, BinaryOperator<Object> fn, boolean keyed)
            implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return keyed ? "reduce(keyed)" : "reduce";
        }
    }

    /**
     * Pairs the {@code KV}s of both inputs that have equal keys: {@code KV(k, Pair(v1, v2))}.
     * Inside a tick it joins each tick's batches; at top level it keeps both sides.
     */
    record Join(int id, int location, Origin origin, int left, int right) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of(left, right);
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "join";
        }
    }

    /** Inside a tick: the {@code KV}s of {@code left} whose key is not among the elements of {@code right}. */
    record AntiJoin(int id, int location, Origin origin, int left, int right) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of(left, right);
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "antiJoin";
        }
    }

    /** Every {@code Pair(a, b)} of an element of {@code left} and one of {@code right}. */
    record CrossProduct(int id, int location, Origin origin, int left, int right) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of(left, right);
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "crossProduct";
        }
    }

    /** Every element of {@code stream} paired with the current value of {@code singleton}. */
    record CrossSingleton(int id, int location, Origin origin, int stream, int singleton) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of(stream, singleton);
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "crossSingleton";
        }
    }

    /** Inside a tick: the elements of {@code first}, then those of {@code second}. */
    record Chain(int id, int location, Origin origin, int first, int second) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of(first, second);
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "chain";
        }
    }

    /** The first occurrence of every distinct element (per tick inside a tick). */
    record Unique(int id, int location, Origin origin, int input) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "unique";
        }
    }

    /** Inside a tick: each tick's elements in {@code order}. */
    record Sort(int id, int location, Origin origin, int input, Comparator<Object> order) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "sort";
        }
    }

    /** The running fold after every element (restarting every tick inside a tick). */
    record Scan(int id, int location, Origin origin, int input, Supplier<Object> init,
                BiFunction<Object, Object, Object> step) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "scan";
        }
    }

    /** Emits a {@link java.time.Instant} every {@code period}, from the start, forever. */
    record SourceInterval(int id, int location, Origin origin, Duration period) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of();
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "sourceInterval(" + period + ")";
        }
    }

    /**
     * Every {@code period}, the latest value of a top-level singleton (every key's latest value
     * when {@code keyed}) if it changed since the last sample, and once more when it ends.
     */
    record SampleEvery(int id, int location, Origin origin, int input, Duration period, boolean keyed)
            implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "sampleEvery(" + period + (keyed ? ", keyed" : "") + ")";
        }
    }

    /**
     * The final value of a top-level singleton or optional (every key's final value when
     * {@code keyed}), emitted once when its input ends; nothing while it runs.
     */
    record AtEnd(int id, int location, Origin origin, int input, boolean keyed) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "atEnd(" + (keyed ? "keyed" : "") + ")";
        }
    }

    /** Emits the current {@link java.time.Instant} once each time the input has been silent for {@code after}. */
    record Timeout(int id, int location, Origin origin, int input, Duration after) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "timeout(" + after + ")";
        }
    }

    /**
     * The members of cluster {@code cluster} as they join and leave, as {@code MembershipEvent}s,
     * on every member of this node's location.
     */
    record ClusterMembers(int id, int location, Origin origin, int cluster) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of();
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "clusterMembers(location " + cluster + ")";
        }
    }

    /**
     * A top-level forward reference: the elements of {@code input}, a node made later in the
     * graph, so that a stream can feed back into its own past (Hydro's {@code forward_ref}).
     */
    record Cycle(int id, int location, Origin origin, int input) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "cycle";
        }
    }

    /**
     * Emits what {@code publisher} publishes, in order, on the member of its process location,
     * from the start of the flow until the publisher completes (Hydro's {@code source_stream}).
     * The member subscribes when the flow starts and never requests more than it can buffer.
     */
    record SourceStream(int id, int location, Origin origin, Flow.Publisher<?> publisher) implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of();
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return origin.operator();
        }
    }

    /**
     * The value of the completion stage {@code fn(x)} for every element {@code x}, once it
     * completes: in input order when {@code ordered}, else as they complete (Hydro's
     * {@code resolve_futures_ordered} and {@code resolve_futures}). At most {@code maxInFlight}
     * stages are awaited at a time on each member.
     */
    record ResolveFutures(int id, int location, Origin origin, int input,
                          Function<Object, CompletionStage<?>> fn, boolean ordered, int maxInFlight) implements Unary {
        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return ordered ? "resolveFuturesOrdered" : "resolveFutures";
        }
    }

    /**
     * Hands every element to {@code subscriber} as it requests them, then signals the end: a
     * sink with backpressure (Hydro's {@code dest_sink}).
     */
    record DestSink(int id, int location, Origin origin, int input, Flow.Subscriber<Object> subscriber)
            implements Unary {
        @Override
        public boolean isSink() {
            return true;
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return "destSink";
        }
    }

    /**
     * What the clients of an external port send ({@code KV<ClientId, request>}, in arrival order
     * per client) or, when {@code connections}, their {@code ClientEvent}s: a source that the
     * member of the port's process feeds from its TCP server, which never ends by itself.
     */
    record ExternalSource(int id, int location, Origin origin, ExternalBinding binding, boolean connections)
            implements Node {
        @Override
        public List<Integer> inputs() {
            return List.of();
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return (connections ? "externalConnections(" : "externalRequests(") + binding.tag() + ")";
        }
    }

    /**
     * Sends its input to the clients of an external port: each {@code KV<ClientId, response>}
     * to the client it names or, when {@code broadcast}, every element to every connected client.
     */
    record ExternalSink(int id, int location, Origin origin, int input, ExternalBinding binding, boolean broadcast)
            implements Unary {
        @Override
        public boolean isSink() {
            return true;
        }

        @Override public <R> R accept(NodeVisitor<R> v) { return v.visit(this); }

        @Override
        public String describe() {
            return (broadcast ? "externalBroadcast(" : "externalReply(") + binding.tag() + ")";
        }
    }
}
