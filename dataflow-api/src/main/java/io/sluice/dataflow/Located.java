package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every live collection shares: its flow, the node that produces it, its location, the
 * tick it is in (or none: top-level and unbounded) and whether its order is guaranteed.
 *
 * <p>The checks here are the model's rules, enforced where the operator is called so that the
 * message points at the user's line: operators combine collections of one flow, one location
 * and one tick; order-sensitive operators need a total order; bounded ones need a tick.
 *
 * @param <L> the location type
 */
abstract class Located<L extends Location> {

    final FlowBuilder flow;
    final int node;
    final L location;
    final int tick;
    final boolean ordered;

    Located(FlowBuilder flow, int node, L location, int tick, boolean ordered) {
        this.flow = flow;
        this.node = node;
        this.location = location;
        this.tick = tick;
        this.ordered = ordered;
        flow.recordMeta(node, location.id(), tick, ordered);
    }

    /**
     * The location this collection lives on.
     *
     * @return the location given when the collection was made
     */
    public L location() {
        return location;
    }

    /**
     * Whether this collection is inside a tick, and so bounded (one batch per tick).
     *
     * @return {@code true} inside a tick, {@code false} at top level
     */
    public boolean isBounded() {
        return tick != FlowGraph.TOP_LEVEL;
    }

    /**
     * Whether the order of the elements is guaranteed (Hydro's {@code TotalOrder}).
     *
     * @return {@code true} when the elements come in a guaranteed order
     */
    public boolean isOrdered() {
        return ordered;
    }

    /** Where this collection is: e.g. {@code io.sluice...Leader (process 0), tick 2}. */
    String where() {
        return location + (isBounded() ? ", tick " + tick : ", top level");
    }

    /** Adds a node at this collection's location. */
    int add(String operator, FlowBuilder.NodeFactory factory) {
        return flow.add(operator, location, factory);
    }

    /** Adds a map node: {@code fn} on every element of this collection. */
    int mapNode(String operator, Function<Object, Object> fn) {
        return add(operator, (id, origin) -> new Node.Map(id, location.id(), origin, node, fn));
    }

    /** Adds a filter node: the elements of this collection for which {@code predicate} holds. */
    int filterNode(String operator, Predicate<Object> predicate) {
        return add(operator, (id, origin) -> new Node.Filter(id, location.id(), origin, node, predicate));
    }

    /** Adds {@code mapValues}: {@code fn} on the value of every {@code KV} element, under its key. */
    @SuppressWarnings("unchecked")
    <V> int mapValuesNode(Function<? super V, ?> fn) {
        Objects.requireNonNull(fn, "fn");
        return mapNode("mapValues", x -> KV.of(((KV<?, V>) x).key(), fn.apply(((KV<?, V>) x).value())));
    }

    /** Adds {@code filterKeys}: the {@code KV} elements whose key {@code predicate} accepts. */
    @SuppressWarnings("unchecked")
    <K> int filterKeysNode(Predicate<? super K> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return filterNode("filterKeys", x -> predicate.test(((KV<K, ?>) x).key()));
    }

    /** Adds {@code snapshot(tick)} of this top-level singleton (every key's value when {@code keyed}). */
    int snapshotNode(Tick<L> into, boolean keyed) {
        ownTick("snapshot", into);
        requireTopLevel("snapshot");
        return add("snapshot", (id, origin) -> new Node.Snapshot(id, location.id(), origin, node, into.id, keyed));
    }

    /** Adds an exit from this collection's tick ({@code allTicks} or {@code latest}). */
    int exitNode(String operator) {
        requireBounded(operator);
        return add(operator, (id, origin) -> new Node.AllTicks(id, location.id(), origin, node));
    }

    /** Adds {@code deferTick()}: this collection's batch of the previous tick. */
    int deferNode() {
        requireBounded("deferTick");
        return add("deferTick", (id, origin) -> new Node.Defer(id, location.id(), origin, node, tick));
    }

    /** Adds {@code sampleEvery(period)} of this top-level singleton (every key's value when {@code keyed}). */
    int sampleNode(Duration period, boolean keyed) {
        FlowBuilder.requirePositive("sampleEvery", period);
        requireTopLevel("sampleEvery");
        return add("sampleEvery", (id, origin) -> new Node.SampleEvery(id, location.id(), origin, node, period, keyed));
    }

    /** Adds {@code atEnd()} of this top-level singleton (every key's value when {@code keyed}). */
    int atEndNode(boolean keyed) {
        requireTopLevel("atEnd");
        return add("atEnd", (id, origin) -> new Node.AtEnd(id, location.id(), origin, node, keyed));
    }

    /** Refuses an order-sensitive operator on a collection whose order is not guaranteed. */
    void requireOrdered(String operator, String commutativeForm) {
        if (!ordered) {
            throw new IllegalStateException(operator + " at " + FlowBuilder.callSite() + " depends on the order of its "
                    + "input, but the stream made by " + flow.origin(node) + " has no guaranteed order (it interleaves "
                    + "senders or inputs). " + (commutativeForm.isEmpty() ? "" : "Use " + commutativeForm
                    + " if the function is commutative, or ") + (commutativeForm.isEmpty() ? "Call " : "call ")
                    + "assumeOrdering(\"why the order is safe\") on the input to assert an order");
        }
    }

    /** Refuses an operator that needs a bounded input (a tick's batch). */
    void requireBounded(String operator) {
        if (!isBounded()) {
            throw new IllegalStateException(operator + " at " + FlowBuilder.callSite() + " needs a bounded input, but "
                    + "the collection made by " + flow.origin(node) + " is unbounded (" + where() + "): take a "
                    + "bounded slice first with batch(tick) (or snapshot(tick) for a singleton)");
        }
    }

    /** Refuses an operator that needs a top-level (unbounded) input. */
    void requireTopLevel(String operator) {
        if (isBounded()) {
            throw new IllegalStateException(operator + " at " + FlowBuilder.callSite() + " needs a top-level "
                    + "(unbounded) input, but the collection made by " + flow.origin(node) + " is inside tick " + tick
                    + ": leave the tick first with allTicks() (or latest() for a singleton)");
        }
    }

    /** Refuses combining with a collection of another flow, location or tick. */
    void sameScope(String operator, Located<?> other) {
        Objects.requireNonNull(other, operator + ": other");
        if (other.flow != flow) {
            throw new IllegalArgumentException(operator + ": the other collection (made by "
                    + other.flow.origin(other.node) + ") belongs to another FlowBuilder; combine collections of one "
                    + "flow only");
        }
        if (other.location.id() != location.id()) {
            throw new IllegalArgumentException(operator + ": the other stream (made by " + flow.origin(other.node)
                    + ") is on " + other.location + ", but this one (made by " + flow.origin(node) + ") is on "
                    + location + "; streams can only be combined on one location: send one of them to the other's "
                    + "location first");
        }
        if (other.tick != tick) {
            throw new IllegalArgumentException(operator + " at " + FlowBuilder.callSite() + ": the other collection "
                    + "(made by " + flow.origin(other.node) + ", " + other.where() + ") and this one (made by "
                    + flow.origin(node) + ", " + where() + ") are not in the same tick; bring both into one tick "
                    + "with batch(tick)/snapshot(tick), or both out with allTicks()/latest()");
        }
    }

    /** Refuses a tick of another location or flow. */
    void ownTick(String operator, Tick<?> t) {
        Objects.requireNonNull(t, operator + ": tick");
        if (t.flow != flow || t.location.id() != location.id()) {
            throw new IllegalArgumentException(operator + " at " + FlowBuilder.callSite() + ": " + t + " is not a tick "
                    + "of " + location + " in this flow; use " + location.name() + "'s own tick()");
        }
    }
}
