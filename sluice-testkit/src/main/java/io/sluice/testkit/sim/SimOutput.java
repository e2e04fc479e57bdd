package io.sluice.testkit.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulated flow emits on one stream, for the test to check (Hydro's {@code sim_output}
 * with {@code assert_yields}, {@code assert_yields_only}, {@code assert_yields_unordered}). The
 * assertions consume what they check; a failed one fails the run, and the simulation reports the
 * schedule that led to it.
 *
 * <pre>{@code
 * SimOutput<Integer> out = sim.output(stream);
 * flow.withProcess(node, sim.host()).deploy(sim);
 * in.sendAll(1, 2);
 * out.assertYields(2, 4);          // the next two elements, in this order
 * out.assertYieldsOnlyUnordered(); // and nothing more, once everything in flight arrived
 * }</pre>
 *
 * @param <T> the element type
 */
public final class SimOutput<T> {

    private final Sim sim;
    private final String name;
    private final List<T> received = new ArrayList<>();
    private int read;

    SimOutput(Sim sim, String name) {
        this.sim = sim;
        this.name = name;
    }

    void add(T element) {
        sim.traceLog().output(name, element, sim.currentCell(), sim.virtualNanos());
        received.add(element);
    }

    /**
     * What arrived and was not yet consumed, without running the simulation.
     *
     * @return the elements, oldest first
     */
    public List<T> unread() {
        return List.copyOf(received.subList(read, received.size()));
    }

    /**
     * Lets everything in flight arrive ({@link Sim#settle()}), then consumes and returns what arrived.
     *
     * @return the elements not consumed before, oldest first
     */
    public List<T> drain() {
        sim.settle();
        List<T> out = unread();
        read = received.size();
        return out;
    }

    /**
     * Runs the simulation (moving virtual time if need be) until {@code expected.length} more
     * elements arrived, and asserts that they are {@code expected}, in this order.
     *
     * @param expected the next elements
     */
    @SafeVarargs
    public final void assertYields(T... expected) {
        List<T> got = take(expected.length);
        if (!got.equals(Arrays.asList(expected))) {
            throw new AssertionError(name + ": expected " + Arrays.asList(expected) + ", got " + got);
        }
    }

    /**
     * As {@link #assertYields}, in any order.
     *
     * @param expected the next elements, in any order
     */
    @SafeVarargs
    public final void assertYieldsUnordered(T... expected) {
        List<T> got = take(expected.length);
        if (!counts(got).equals(counts(Arrays.asList(expected)))) {
            throw new AssertionError(name + ": expected " + Arrays.asList(expected) + " in any order, got " + got);
        }
    }

    /**
     * As {@link #assertYields}, and then that nothing more arrives once everything in flight has.
     *
     * @param expected every remaining element, in order
     */
    @SafeVarargs
    public final void assertYieldsOnly(T... expected) {
        assertYields(expected);
        assertNothingMore();
    }

    /**
     * As {@link #assertYieldsUnordered}, and then that nothing more arrives once everything in
     * flight has.
     *
     * @param expected every remaining element, in any order
     */
    @SafeVarargs
    public final void assertYieldsOnlyUnordered(T... expected) {
        assertYieldsUnordered(expected);
        assertNothingMore();
    }

    /** Lets everything in flight arrive (without moving virtual time), and asserts that nothing new did. */
    public void assertNothingMore() {
        sim.settle();
        if (read < received.size()) {
            throw new AssertionError(name + ": expected nothing more, got " + unread());
        }
    }

    private List<T> take(int n) {
        boolean enough = sim.awaitCondition(() -> received.size() - read >= n);
        if (!enough) {
            throw new AssertionError(name + ": expected " + n + " more elements, but the flow can do nothing more "
                    + "(within the time limit) after " + (received.size() - read) + ": " + unread());
        }
        List<T> got = List.copyOf(received.subList(read, read + n));
        read += n;
        return got;
    }

    private static <T> Map<T, Integer> counts(List<T> elements) {
        Map<T, Integer> counts = new HashMap<>();
        elements.forEach(e -> counts.merge(e, 1, Integer::sum));
        return counts;
    }

    @Override
    public String toString() {
        return name;
    }
}
