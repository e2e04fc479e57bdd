package io.sluice.dataflow.ir;

import java.util.List;
import java.util.Set;

/**
 * A top-level loop of a graph, as {@link Loops#of} finds it.
 *
 * @param nodes  its nodes, in id order
 * @param cycles its forward references, in id order (none when a tick's clock closes it)
 * @param region its nodes and all their ancestors: every node whose output can reach the loop, and
 *               the feeding entries of every tick a node of the region is in or leaves (their
 *               data opens that tick)
 */
public record Loop(List<Integer> nodes, List<Integer> cycles, Set<Integer> region) {

    /**
     * Freezes the collections.
     *
     * @param nodes  the loop's nodes, in id order
     * @param cycles its forward references, in id order
     * @param region its nodes and all their ancestors
     */
    public Loop {
        nodes = List.copyOf(nodes);
        cycles = List.copyOf(cycles);
        region = Set.copyOf(region);
    }
}
