package io.sluice.testkit;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.ClusterStream;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.SourceQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Elements a test pushes, while the flow runs, to one member of a cluster or to all of them,
 * made by {@link FlowTestKit#input(FlowBuilder, Cluster, Class)}. Use {@link #stream()} in the
 * flow, start it, then push; complete the input to let the flow end.
 *
 * <pre>{@code
 * ClusterInput<String, Worker> commands = kit.input(flow, workers, String.class);
 * ClusterOutput<String, Worker> seen = kit.collect(commands.stream().map(String::toUpperCase));
 * kit.start(flow);                                  // 3 workers
 * commands.push(1, "a", "b");                       // to member 1 only
 * commands.pushToAll("c");                          // to every member
 * commands.complete();
 * seen.assertYieldsOnly(List.of("C"), List.of("A", "B", "C"), List.of("C"));
 * }</pre>
 *
 * <p><b>How.</b> The kit adds a process to the flow (tag {@code io.sluice.testkit.Feeder}) whose
 * {@code sourceQueue} takes the pushes and {@code demux}es each to the members it names, so
 * pushed values cross the network as any element does (they must be of a type the backend can
 * serialize). <b>Order:</b> each member gets what was pushed to it, and to all, in the order of
 * the pushes. Pushing to a member the cluster does not have fails the flow, naming the member.
 *
 * @param <T> the element type
 * @param <C> the cluster's tag type
 */
public final class ClusterInput<T, C> {

    /** A pushed value and whom it is for: one member, or every member ({@code member < 0}). */
    private record Addressed<T>(int member, T value) {
    }

    private final SourceQueue<Addressed<T>> queue;
    private final ClusterStream<T, C> stream;
    private final String where;
    private final Duration timeout;

    ClusterInput(FlowBuilder flow, Cluster<C> cluster, Duration timeout) {
        this.queue = SourceQueue.bounded(Feeding.CAPACITY);
        Process<Feeder> feeder = flow.process(Feeder.class);
        this.stream = feeder.sourceQueue(queue)
                .flatMap(a -> addressees(cluster, a))
                .demux(cluster);
        this.where = cluster.toString();
        this.timeout = timeout;
    }

    /** The keyed elements of one push: one for its member, or one per member. */
    private static <T, C> List<KV<MemberId<C>, T>> addressees(Cluster<C> cluster, Addressed<T> a) {
        List<MemberId<C>> members = cluster.members();
        if (a.member() < 0) {
            return members.stream().map(m -> KV.of(m, a.value())).toList();
        }
        if (a.member() >= members.size()) {
            throw new IllegalArgumentException("a value was pushed to member " + a.member() + " of " + cluster
                    + ", which has members 0.." + (members.size() - 1));
        }
        return List.of(KV.of(MemberId.of(a.member()), a.value()));
    }

    /**
     * The stream of the pushed elements, on every member of the cluster: use it once in the flow.
     *
     * <pre>{@code
     * commands.stream().map(String::toUpperCase).forEach(System.out::println);
     * }</pre>
     *
     * @return a top-level stream, ordered per member, that ends after {@link #complete()}
     */
    public ClusterStream<T, C> stream() {
        return stream;
    }

    /**
     * Pushes {@code values}, in order, to member {@code member}; returns once the input has
     * taken them (at once while its buffer has room).
     *
     * <pre>{@code
     * commands.push(2, "x", "y");
     * }</pre>
     *
     * @param member the member's id, {@code 0 .. n-1}
     * @param values the elements, not null
     * @throws IllegalArgumentException when {@code member} is negative
     * @throws IllegalStateException    when the input takes no more: it was completed, or its flow ended, failed or was stopped
     * @throws AssertionError           when the flow does not make room within the kit's timeout
     */
    @SafeVarargs
    public final void push(int member, T... values) {
        if (member < 0) {
            throw new IllegalArgumentException("push: member ids are >= 0, not " + member);
        }
        for (T value : values) {
            Feeding.offer(queue, new Addressed<>(member, Objects.requireNonNull(value, "a pushed value")), timeout,
                    where + " / " + member);
        }
    }

    /**
     * Pushes {@code values}, in order, to the member {@code id} names.
     *
     * <pre>{@code
     * commands.push(MemberId.of(2), "x");
     * }</pre>
     *
     * @param id     the member's id
     * @param values the elements, not null
     * @throws IllegalStateException when the input takes no more
     * @throws AssertionError        when the flow does not make room within the kit's timeout
     */
    @SafeVarargs
    public final void push(MemberId<C> id, T... values) {
        push(id.raw(), values);
    }

    /**
     * Pushes {@code values}, in order, to every member of the cluster.
     *
     * <pre>{@code
     * commands.pushToAll("stop");
     * }</pre>
     *
     * @param values the elements, not null
     * @throws IllegalStateException when the input takes no more
     * @throws AssertionError        when the flow does not make room within the kit's timeout
     */
    @SafeVarargs
    public final void pushToAll(T... values) {
        for (T value : values) {
            Feeding.offer(queue, new Addressed<>(-1, Objects.requireNonNull(value, "a pushed value")), timeout,
                    where + " (all members)");
        }
    }

    /**
     * Ends the input once what was pushed has gone into the flow: every member's stream ends,
     * and the flow can complete. Later pushes fail. Idempotent.
     *
     * <pre>{@code
     * commands.complete();
     * }</pre>
     */
    public void complete() {
        queue.complete();
    }

    @Override
    public String toString() {
        return "input of " + where + ": " + queue;
    }
}
