package io.sluice.plan;

import io.sluice.dataflow.ir.Routing;

/** How an out-edge picks targets: within the member, or over the network by a routing. */
public enum EdgeKind {
    /** To the consumer on the same member; one target. */
    LOCAL,
    /** To the only member of a process. */
    TO_PROCESS,
    /** Element {@code i} of this sender to target {@code i % n}. */
    ROUND_ROBIN,
    /** Every element to every target. */
    BROADCAST,
    /** Each {@code KV<MemberId, V>}: {@code V} to the member the key names. */
    DEMUX;

    static EdgeKind of(Routing routing) {
        return switch (routing) {
            case TO_PROCESS -> TO_PROCESS;
            case ROUND_ROBIN -> ROUND_ROBIN;
            case BROADCAST -> BROADCAST;
            case DEMUX -> DEMUX;
        };
    }
}
