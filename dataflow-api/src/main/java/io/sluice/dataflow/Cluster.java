package io.sluice.dataflow;

import io.sluice.dataflow.ir.LocationKind;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.spi.MemberContext;
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
     */
    public <T> ClusterStream<T, C> sourceIter(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        int node = flow().add("sourceIter", this, (nodeId, origin) -> new Node.SourceIter(nodeId, id(), origin, items));
        return new ClusterStream<>(flow(), node, this);
    }

    /**
     * The id of the member running the calling operator code (Hydro's {@code CLUSTER_SELF_ID}).
     * Call it only inside a function passed to an operator of a stream on this cluster.
     *
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
}
