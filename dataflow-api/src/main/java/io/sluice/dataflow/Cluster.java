package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationKind;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.spi.MemberContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A location made of {@code n} members, ids {@code 0 .. n-1}, that all run the same operators
 * on their own data (SPMD): Hydro's {@code Cluster<C>}. {@code n} is chosen at deployment
 * ({@link FlowBuilder#withCluster}); streams on a cluster are {@link ClusterStream}s.
 *
 * <pre>{@code
 * Cluster<Worker> workers = flow.cluster(Worker.class);
 * leader.sourceIter(List.of(1, 2, 3, 4))
 *       .roundRobin(workers)
 *       .map(n -> "member " + workers.selfId().raw() + " got " + n)
 *       .forEach(System.out::println);
 * }</pre>
 *
 * @param <C> the tag type that names this location in types and in output
 */
public final class Cluster<C> extends LocationBase implements Location {

    Cluster(FlowBuilder flow, int id, Class<C> tag) {
        super(flow, id, tag, LocationKind.CLUSTER);
    }

    /**
     * A stream of the elements of {@code items} on every member: each member emits all of them,
     * in order, then completes.
     *
     * <pre>{@code
     * workers.sourceIter(List.of("hello")).send(leader);   // leader gets one "hello" per member
     * }</pre>
     *
     * @param items the elements, iterated lazily by every member; no element may be null
     * @param <T>   the element type
     * @return a top-level, ordered stream on this location; it ends after the last element
     */
    public <T> ClusterStream<T, C> sourceIter(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        int node = flow().add("sourceIter", this, (nodeId, origin) -> new Node.SourceIter(nodeId, id(), origin, items));
        return new ClusterStream<>(flow(), node, this, FlowGraph.TOP_LEVEL, true);
    }

    /**
     * The id of the member running the calling operator code (Hydro's {@code CLUSTER_SELF_ID}).
     * Call it only inside a function passed to an operator of a stream on this cluster.
     *
     * @return the id of the member running the operator code
     * @throws IllegalStateException when called elsewhere (while building the flow, or from
     *                               operator code on another location)
     */
    public MemberId<C> selfId() {
        MemberContext ctx = context("selfId()");
        if (ctx.location() != id()) {
            throw new IllegalStateException(this + ".selfId() was called from operator code running on location "
                    + ctx.location() + ", not on this cluster: only members of a cluster have an id in it; "
                    + "use members() to name members of another cluster");
        }
        return MemberId.of(ctx.member());
    }

    /**
     * The ids of this cluster's members, ascending (Hydro's {@code members()}). Available inside
     * operator code on any location, once the flow is deployed.
     *
     * @return the members' ids, {@code 0 .. n-1}
     * @throws IllegalStateException when called outside operator code
     */
    public List<MemberId<C>> members() {
        int size = context("members()").locationSizes().get(id());
        List<MemberId<C>> ids = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ids.add(MemberId.of(i));
        }
        return List.copyOf(ids);
    }

    private MemberContext context(String what) {
        return MemberContext.current().orElseThrow(() -> new IllegalStateException(
                this + "." + what + " is only known while the flow runs: call it inside a function passed to an "
                        + "operator (map, filter, forEach, ...), not while building the flow"));
    }

    /**
     * A new clock of this location (Hydro's {@code tick()}); see {@link Tick}.
     *
     * <pre>{@code
     * Tick<Cluster<C>> tick = workers.tick();
     * }</pre>
     *
     * @return a new tick of this location, with the next tick id of the flow
     */
    public Tick<Cluster<C>> tick() {
        return flow().tick(this);
    }

    /**
     * A top-level stream used before it is defined (Hydro's {@code forward_ref}): complete it
     * later with the stream it stands for, which may depend on it, to write a feedback loop. The
     * stream has no guaranteed order. A loop ends once it is quiescent: nothing is in flight in
     * it or upstream of it, and nothing there would emit without new input (sources exhausted,
     * no batch waiting for a tick, no changed sample, no armed timeout; only a member leaving
     * could still wake it); so a finite program with retries completes. A loop that keeps
     * circulating runs until the flow is stopped.
     *
     * <pre>{@code
     * ForwardRef<ClusterStream<Request, C>> retries = workers.forwardRef();
     * ClusterStream<Request, C> all = requests.union(retries.stream());
     * retries.complete(all.filter(Request::failed));
     * }</pre>
     *
     * @param <T> the element type
     * @return the reference, whose stream is top-level and unordered on this location
     */
    public <T> ForwardRef<ClusterStream<T, C>> forwardRef() {
        return reference("forwardRef", FlowGraph.TOP_LEVEL);
    }

    /**
     * A stream inside {@code tick} whose batch in each tick is what the stream it is completed
     * with had in the previous tick (Hydro's tick {@code cycle}): state carried from tick to tick.
     * The stream has no guaranteed order.
     *
     * <pre>{@code
     * ForwardRef<ClusterStream<Long, C>> total = workers.cycle(tick);
     * ClusterStream<Long, C> now = total.stream().chain(amounts.batch(tick))
     *         .foldCommutative(() -> 0L, Long::sum).intoStream();
     * total.complete(now);
     * }</pre>
     *
     * @param tick a tick of this location
     * @param <T>  the element type
     * @return the reference, whose stream is inside {@code tick} and unordered
     * @throws IllegalArgumentException when {@code tick} is not a tick of this location
     */
    public <T> ForwardRef<ClusterStream<T, C>> cycle(Tick<Cluster<C>> tick) {
        if (tick == null || tick.flow != flow() || tick.location.id() != id()) {
            throw new IllegalArgumentException("cycle: " + tick + " is not a tick of " + this
                    + "; use this location's tick()");
        }
        return reference("cycle", tick.id);
    }

    private <T> ForwardRef<ClusterStream<T, C>> reference(String operator, int tick) {
        int node = flow().addReference(operator, this, tick);
        return new ForwardRef<>(new ClusterStream<>(flow(), node, this, tick, false), input -> flow().complete(node, input));
    }

    /**
     * The current {@link Instant} every {@code period}, from the start of the flow, forever
     * (Hydro's {@code source_interval}).
     *
     * <pre>{@code
     * workers.sourceInterval(Duration.ofSeconds(1)).forEach(t -> System.out.println("tick at " + t));
     * }</pre>
     *
     * @param period the time between two instants, positive
     * @return a top-level, ordered stream on this location that never ends by itself
     * @throws IllegalArgumentException when {@code period} is zero or negative
     */
    public ClusterStream<Instant, C> sourceInterval(Duration period) {
        FlowBuilder.requirePositive("sourceInterval", period);
        int node = flow().add("sourceInterval", this, (n, origin) -> new Node.SourceInterval(n, id(), origin, period));
        return new ClusterStream<>(flow(), node, this, FlowGraph.TOP_LEVEL, true);
    }

    /**
     * The members of {@code cluster} as they join and leave (Hydro's
     * {@code source_cluster_members}): one {@code JOINED} event per member once the flow runs,
     * then one {@code LEFT} event for each member that leaves the flow early (its node left the
     * Pekko cluster, or crashed and was downed). Ordered. The stream ends once every member of
     * {@code cluster} has finished its part of the flow or left, or once the rest of the flow is
     * quiescent (nothing in flight, nothing that would emit without new input), when only a
     * member leaving could still set it moving; so a flow whose work depends on its membership
     * (retrying a departed worker's tasks) completes too.
     *
     * <p><b>Watching a cluster makes the loss of its members survivable.</b> Without this
     * operator, a member that dies fails the flow. With it, the flow goes on without the member:
     * {@code roundRobin} and {@code broadcast} skip it from then on, elements {@code demux}ed or
     * sent to it are dropped, its own output ends where it stands, and the flow completes when
     * the remaining members are done. What may have been lost is logged at WARN by the member
     * that lost it: what it had sent to the departed member without an acknowledgement yet, and
     * what it addressed to it afterwards. React to {@code LEFT} to stop addressing the member.
     *
     * <pre>{@code
     * workers.sourceClusterMembers(workers).forEach(e -> System.out.println(e.member() + " " + e.change()));
     * }</pre>
     *
     * @param cluster the cluster to watch, of the same flow
     * @param <C2>    the watched cluster's tag type
     * @return a top-level, ordered stream of events on every member of this cluster
     */
    public <C2> ClusterStream<MembershipEvent<C2>, C> sourceClusterMembers(Cluster<C2> cluster) {
        Objects.requireNonNull(cluster, "cluster");
        flow().checkOwn(cluster, "sourceClusterMembers");
        int node = flow().add("sourceClusterMembers", this,
                (n, origin) -> new Node.ClusterMembers(n, id(), origin, cluster.id()));
        return new ClusterStream<>(flow(), node, this, FlowGraph.TOP_LEVEL, true);
    }
}
