package io.sluice.dataflow.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One operator of a flow. Every node has an id (its index in {@link FlowGraph#nodes()}), the id
 * of the location it runs on, the ids of its inputs, and its {@link Origin}.
 *
 * <p>Functions are stored untyped: the typed API guarantees that each function receives the
 * element type its input produces.
 */
public sealed interface Node {

    /** This node's id. */
    int id();

    /** The id of the location this node runs on (for a network node: the receiving location). */
    int location();

    /** The ids of the nodes whose output this node consumes, in port order. */
    List<Integer> inputs();

    /** The operator and call site that made this node. */
    Origin origin();

    /** Whether this node ends a stream (it has no output). */
    default boolean isSink() {
        return false;
    }

    /** A one-line description for {@link FlowGraph#describe()}, without id and location. */
    String describe();

    /** A node with exactly one input. */
    sealed interface Unary extends Node permits Map, Filter, FlatMap, FilterMap, Inspect, Enumerate, ForEach, Network {

        /** The id of the node whose output this node consumes. */
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

        @Override
        public String describe() {
            return "sourceIter";
        }
    }

    /** {@code fn(x)} for every element {@code x}. */
    record Map(int id, int location, Origin origin, int input, Function<Object, Object> fn) implements Unary {
        @Override
        public String describe() {
            return "map";
        }
    }

    /** The elements for which {@code predicate} holds. */
    record Filter(int id, int location, Origin origin, int input, Predicate<Object> predicate) implements Unary {
        @Override
        public String describe() {
            return "filter";
        }
    }

    /** Every element of {@code fn(x)}, in order, for every element {@code x}. */
    record FlatMap(int id, int location, Origin origin, int input, Function<Object, Iterable<?>> fn) implements Unary {
        @Override
        public String describe() {
            return "flatMap";
        }
    }

    /** The present results of {@code fn(x)}. */
    record FilterMap(int id, int location, Origin origin, int input, Function<Object, Optional<?>> fn) implements Unary {
        @Override
        public String describe() {
            return "filterMap";
        }
    }

    /** Every element unchanged, after calling {@code action} on it. */
    record Inspect(int id, int location, Origin origin, int input, Consumer<Object> action) implements Unary {
        @Override
        public String describe() {
            return "inspect";
        }
    }

    /** {@code KV(i, x)} for the {@code i}-th element {@code x} seen by each member, from 0. */
    record Enumerate(int id, int location, Origin origin, int input) implements Unary {
        @Override
        public String describe() {
            return "enumerate";
        }
    }

    /** The elements of all inputs, interleaved in arrival order. */
    record Union(int id, int location, Origin origin, List<Integer> inputs) implements Node {
        public Union {
            inputs = List.copyOf(inputs);
        }

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
        @Override
        public String describe() {
            return "network(" + routing.name().toLowerCase(java.util.Locale.ROOT)
                    + (tagSender ? ", tagged" : "") + ") from location " + from;
        }
    }
}
