package io.sluice.dataflow;

import io.sluice.dataflow.ir.LocationKind;
import io.sluice.dataflow.ir.Node;
import java.util.Objects;

/**
 * A location made of one member: Hydro's {@code Process<P>}. Streams on it are
 * {@link ProcessStream}s and keep their order.
 *
 * <pre>{@code
 * Process<Leader> leader = flow.process(Leader.class);
 * leader.sourceIter(List.of(1, 2, 3)).map(n -> n * 2).forEach(System.out::println);
 * }</pre>
 *
 * @param <P> the tag type that names this location in types and in output
 */
public final class Process<P> extends LocationBase implements Location {

    Process(FlowBuilder flow, int id, Class<P> tag) {
        super(flow, id, tag, LocationKind.PROCESS);
    }

    /**
     * A stream of the elements of {@code items}, in order, emitted once the flow starts; it
     * completes after the last one. {@code items} is iterated lazily on this process's member.
     *
     * <pre>{@code
     * leader.sourceIter(List.of(0, 1, 2)).forEach(System.out::println);
     * }</pre>
     */
    public <T> ProcessStream<T, P> sourceIter(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        int node = flow().add("sourceIter", this, (nodeId, origin) -> new Node.SourceIter(nodeId, id(), origin, items));
        return new ProcessStream<>(flow(), node, this);
    }
}
