package io.sluice.testkit;

import io.sluice.dataflow.MemberId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed output of a cluster's stream, collected per member with
 * {@link FlowTestKit#collect(io.sluice.dataflow.ClusterStream)}: each element is kept with the
 * id of the member that yielded it. Assert on every member at once (one list per member, in
 * member order) or on one ({@link #member(int)}).
 *
 * <pre>{@code
 * ClusterOutput<Integer, Worker> doubled =
 *         kit.collect(leader.sourceIter(List.of(0, 1, 2, 3, 4, 5)).roundRobin(workers).map(n -> n * 2));
 * kit.start(flow);                                        // 3 workers
 * doubled.assertYieldsOnly(List.of(0, 6), List.of(2, 8), List.of(4, 10));
 * doubled.member(1).assertYields();                       // one member's view
 * }</pre>
 *
 * <p>The assertions on all members pass when every member's check passes, and fail as soon as
 * one member's elements rule it out, or at the timeout; the message has a line per member, with
 * what was expected, what it yielded, and why it differs. Reading, the end of the output and
 * the comparison of elements are as for {@link Output}; each member is read on its own.
 *
 * @param <T> the element type
 * @param <C> the cluster's tag type
 */
public final class ClusterOutput<T, C> {

    private final Collected<T> collected;
    private final Duration timeout;

    ClusterOutput(Collected<T> collected, Duration timeout) {
        this.collected = collected;
        this.timeout = timeout;
    }

    /**
     * The output of member {@code member} alone, sharing this output's reading position for it.
     *
     * <pre>{@code
     * doubled.member(0).assertYields(0, 6);
     * }</pre>
     *
     * @param member the member's id, {@code 0 .. n-1}
     * @return that member's output, with this output's timeout
     * @throws IllegalArgumentException when {@code member} is negative
     */
    public Output<T> member(int member) {
        if (member < 0) {
            throw new IllegalArgumentException("member ids are >= 0, not " + member);
        }
        return new Output<>(collected, member, timeout);
    }

    /**
     * The output of the member {@code id} names.
     *
     * <pre>{@code
     * doubled.member(MemberId.of(2)).assertYields(4, 10);
     * }</pre>
     *
     * @param id the member's id
     * @return that member's output, with this output's timeout
     */
    public Output<T> member(MemberId<C> id) {
        return member(id.raw());
    }

    /**
     * This output with another timeout for its assertions (and its members' views), reading the
     * same elements with the same positions.
     *
     * <pre>{@code
     * doubled.within(Duration.ofSeconds(2)).assertYields(List.of(0), List.of(2), List.of(4));
     * }</pre>
     *
     * @param timeout how long each assertion waits at most, positive
     * @return a view of this output
     */
    public ClusterOutput<T, C> within(Duration timeout) {
        return new ClusterOutput<>(collected, FlowTestKit.positive(timeout));
    }

    /**
     * Asserts that the next elements of member {@code k} are exactly {@code perMember[k]}, in
     * order, for every member (more may come after them): {@link Output#assertYields(List)} for
     * all members at once.
     *
     * <pre>{@code
     * doubled.assertYields(List.of(0), List.of(2), List.of(4));
     * }</pre>
     *
     * @param perMember one list per member, in member order; as many as the cluster has members
     * @throws AssertionError           when a member's elements differ or do not all arrive in time
     * @throws IllegalArgumentException when the number of lists is not the number of members
     */
    @SafeVarargs
    public final void assertYields(List<? extends T>... perMember) {
        List<List<? extends T>> lists = new ArrayList<>(perMember.length);
        for (List<? extends T> l : perMember) {
            lists.add(l);
        }
        check(Collected.Mode.SEQUENCE, lists);
    }

    /**
     * Asserts that the rest of member {@code k}'s output is exactly {@code perMember[k]}, in
     * order, for every member, and that nothing more arrives before the flow ends:
     * {@link Output#assertYieldsOnly(List)} for all members at once.
     *
     * <pre>{@code
     * doubled.assertYieldsOnly(List.of(0, 6), List.of(2, 8), List.of(4, 10));
     * }</pre>
     *
     * @param perMember one list per member, in member order; as many as the cluster has members
     * @throws AssertionError           when a member's elements differ, or the flow does not end in time
     * @throws IllegalArgumentException when the number of lists is not the number of members
     */
    @SafeVarargs
    public final void assertYieldsOnly(List<? extends T>... perMember) {
        List<List<? extends T>> lists = new ArrayList<>(perMember.length);
        for (List<? extends T> l : perMember) {
            lists.add(l);
        }
        check(Collected.Mode.ONLY, lists);
    }

    /**
     * Asserts that the next elements of member {@code k} are {@code perMember[k]} in any order,
     * for every member: {@link Output#assertYieldsUnordered(List)} for all members at once.
     *
     * <pre>{@code
     * sums.assertYieldsUnordered(List.of(3, 1), List.of(2, 4));
     * }</pre>
     *
     * @param perMember one list per member, in member order; as many as the cluster has members
     * @throws AssertionError           when a member yields an element it should not, or not all in time
     * @throws IllegalArgumentException when the number of lists is not the number of members
     */
    @SafeVarargs
    public final void assertYieldsUnordered(List<? extends T>... perMember) {
        List<List<? extends T>> lists = new ArrayList<>(perMember.length);
        for (List<? extends T> l : perMember) {
            lists.add(l);
        }
        check(Collected.Mode.UNORDERED, lists);
    }

    /**
     * Asserts that the rest of member {@code k}'s output is {@code perMember[k]} in any order,
     * for every member, and nothing more arrives before the flow ends.
     *
     * <pre>{@code
     * sums.assertYieldsOnlyUnordered(List.of(3, 1), List.of(2, 4));
     * }</pre>
     *
     * @param perMember one list per member, in member order; as many as the cluster has members
     * @throws AssertionError           when a member's elements differ as multisets, or the flow does not end in time
     * @throws IllegalArgumentException when the number of lists is not the number of members
     */
    @SafeVarargs
    public final void assertYieldsOnlyUnordered(List<? extends T>... perMember) {
        List<List<? extends T>> lists = new ArrayList<>(perMember.length);
        for (List<? extends T> l : perMember) {
            lists.add(l);
        }
        check(Collected.Mode.ONLY_UNORDERED, lists);
    }

    /**
     * Every element each member yielded so far, read by assertions or not, by member id in
     * ascending order. Does not wait.
     *
     * <pre>{@code
     * Map<MemberId<Worker>, List<Integer>> all = doubled.values();
     * }</pre>
     *
     * @return a snapshot, one entry per member
     */
    public Map<MemberId<C>, List<T>> values() {
        Map<MemberId<C>, List<T>> all = new LinkedHashMap<>();
        for (int m = 0; m < collected.size(); m++) {
            all.put(MemberId.of(m), collected.values(m));
        }
        return all;
    }

    private void check(Collected.Mode mode, List<List<? extends T>> perMember) {
        int members = collected.size();
        if (perMember.size() != members) {
            throw new IllegalArgumentException(mode.method + ": " + perMember.size() + " lists given, but "
                    + collected.label() + " has " + members + " members: give one list per member, in member order");
        }
        Map<Integer, List<?>> expected = new LinkedHashMap<>();
        for (int m = 0; m < perMember.size(); m++) {
            expected.put(m, List.copyOf(Objects.requireNonNull(perMember.get(m), "the list of member " + m)));
        }
        collected.check(mode, expected, timeout, mode.method);
    }

    @Override
    public String toString() {
        return collected.toString();
    }
}
