package io.sluice.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed output of one member: a process's stream collected with
 * {@link FlowTestKit#collect(io.sluice.dataflow.ProcessStream)}, or one member of a cluster's
 * ({@link ClusterOutput#member(int)}). Its assertions wait, up to the kit's timeout, for the
 * elements to arrive, and fail at once when an element that arrived already rules them out.
 *
 * <pre>{@code
 * Output<Integer> sums = kit.collect(leader.sourceIter(List.of(1, 2, 3)).map(n -> n * 10));
 * kit.start(flow);
 * sums.assertYields(10, 20);        // the first two elements
 * sums.assertYieldsOnly(30);        // then 30, and nothing more once the flow has completed
 * }</pre>
 *
 * <p><b>Reading.</b> The assertions read the output like a queue, as Hydro's simulator outputs
 * do: each checks the elements after those that earlier assertions on this output read, and reads
 * them when it passes. So a test can push an input, assert what it produced, push the next, and
 * so on. {@link #values()} shows everything, read or not.
 *
 * <p><b>The end.</b> An output ends when its flow does: when the flow completes (every finite
 * source has ended and its elements have gone through), fails, or its run is stopped. The
 * {@code Only} assertions wait for that end, so a flow fed by an input ends only after
 * {@link ProcessInput#complete()} (or {@link ClusterInput#complete()}). When the flow failed,
 * an assertion that cannot pass any more fails with the flow's failure as its cause.
 *
 * <p><b>Failures</b> say which location and member, what was expected and what was yielded:
 * <pre>
 * assertYields on io.example.MyTest.Worker (cluster 1): the output differs
 *   member 1: expected [2, 8], actual [2, 9] -- differs at index 1: expected 8, got 9
 * </pre>
 *
 * <p>Elements are compared with {@code equals}. An output keeps every element it gets, for the
 * life of the test: collect small outputs.
 *
 * @param <T> the element type
 */
public final class Output<T> {

    private final Collected<T> collected;
    private final int member;
    private final Duration timeout;

    Output(Collected<T> collected, int member, Duration timeout) {
        this.collected = collected;
        this.member = member;
        this.timeout = timeout;
    }

    /**
     * This output with another timeout for its assertions; it reads the same elements with the
     * same position.
     *
     * <pre>{@code
     * out.within(Duration.ofSeconds(2)).assertYields(1, 2);
     * }</pre>
     *
     * @param timeout how long each assertion waits at most, positive
     * @return a view of this output whose assertions wait up to {@code timeout}
     */
    public Output<T> within(Duration timeout) {
        return new Output<>(collected, member, FlowTestKit.positive(timeout));
    }

    /**
     * Asserts that the next elements are exactly {@code expected}, in this order (more may come
     * after them). Waits until that many have arrived; fails at once on a wrong element.
     *
     * <pre>{@code
     * out.assertYields(0, 8, 16);
     * }</pre>
     *
     * @param expected the elements, in order
     * @throws AssertionError when they differ, or when they do not all arrive in time or before the flow ends
     */
    @SafeVarargs
    public final void assertYields(T... expected) {
        List<T> list = new ArrayList<>(expected.length);
        for (T e : expected) {
            list.add(e);
        }
        assertYields(list);
    }

    /**
     * As {@link #assertYields(Object[])}, with the elements in a list.
     *
     * <pre>{@code
     * out.assertYields(List.of(0, 8, 16));
     * }</pre>
     *
     * @param expected the elements, in order
     * @throws AssertionError when they differ, or when they do not all arrive in time or before the flow ends
     */
    public void assertYields(List<? extends T> expected) {
        check(Collected.Mode.SEQUENCE, expected);
    }

    /**
     * Asserts that the rest of the output is exactly {@code expected}, in this order: the next
     * elements are these, and nothing more arrives before the flow ends. Waits for the flow to
     * complete; fails at once on a wrong or an extra element. With no arguments: nothing (more)
     * arrives.
     *
     * <pre>{@code
     * out.assertYieldsOnly(0, 8, 16);
     * }</pre>
     *
     * @param expected the elements, in order
     * @throws AssertionError when they differ, or when the flow does not end in time
     */
    @SafeVarargs
    public final void assertYieldsOnly(T... expected) {
        List<T> list = new ArrayList<>(expected.length);
        for (T e : expected) {
            list.add(e);
        }
        assertYieldsOnly(list);
    }

    /**
     * As {@link #assertYieldsOnly(Object[])}, with the elements in a list.
     *
     * <pre>{@code
     * out.assertYieldsOnly(List.of(0, 8, 16));
     * }</pre>
     *
     * @param expected the elements, in order
     * @throws AssertionError when they differ, or when the flow does not end in time
     */
    public void assertYieldsOnly(List<? extends T> expected) {
        check(Collected.Mode.ONLY, expected);
    }

    /**
     * Asserts that the next {@code expected.length} elements are {@code expected} in any order
     * (as multisets: duplicates count). For streams whose order the flow does not guarantee, such
     * as what {@code sendAnonymous} gathers from several members.
     *
     * <pre>{@code
     * out.assertYieldsUnordered(16, 0, 8);
     * }</pre>
     *
     * @param expected the elements, in any order
     * @throws AssertionError when an element arrives that is not expected, or when they do not all arrive in time
     */
    @SafeVarargs
    public final void assertYieldsUnordered(T... expected) {
        List<T> list = new ArrayList<>(expected.length);
        for (T e : expected) {
            list.add(e);
        }
        assertYieldsUnordered(list);
    }

    /**
     * As {@link #assertYieldsUnordered(Object[])}, with the elements in a list.
     *
     * <pre>{@code
     * out.assertYieldsUnordered(Set.of(0, 8, 16).stream().toList());
     * }</pre>
     *
     * @param expected the elements, in any order
     * @throws AssertionError when an element arrives that is not expected, or when they do not all arrive in time
     */
    public void assertYieldsUnordered(List<? extends T> expected) {
        check(Collected.Mode.UNORDERED, expected);
    }

    /**
     * Asserts that the rest of the output is {@code expected} in any order, and nothing more
     * arrives before the flow ends. Waits for the flow to complete.
     *
     * <pre>{@code
     * out.assertYieldsOnlyUnordered(16, 0, 8);
     * }</pre>
     *
     * @param expected the elements, in any order
     * @throws AssertionError when they differ as multisets, or when the flow does not end in time
     */
    @SafeVarargs
    public final void assertYieldsOnlyUnordered(T... expected) {
        List<T> list = new ArrayList<>(expected.length);
        for (T e : expected) {
            list.add(e);
        }
        assertYieldsOnlyUnordered(list);
    }

    /**
     * As {@link #assertYieldsOnlyUnordered(Object[])}, with the elements in a list.
     *
     * <pre>{@code
     * out.assertYieldsOnlyUnordered(List.of(16, 0, 8));
     * }</pre>
     *
     * @param expected the elements, in any order
     * @throws AssertionError when they differ as multisets, or when the flow does not end in time
     */
    public void assertYieldsOnlyUnordered(List<? extends T> expected) {
        check(Collected.Mode.ONLY_UNORDERED, expected);
    }

    /**
     * Every element this member yielded so far, read by assertions or not, oldest first. Does not
     * wait.
     *
     * <pre>{@code
     * System.out.println(out.values());
     * }</pre>
     *
     * @return a snapshot
     */
    public List<T> values() {
        return collected.values(member);
    }

    private void check(Collected.Mode mode, List<? extends T> expected) {
        Objects.requireNonNull(expected, "expected");
        collected.check(mode, Map.of(member, List.copyOf(expected)), timeout, mode.method);
    }

    @Override
    public String toString() {
        return collected.size() > 1 ? "member " + member + " of the " + collected : collected.toString();
    }
}
