package io.sluice.dataflow.ir;

/** How a {@link Node.Network} edge chooses the receiving member(s) of each element. */
public enum Routing {
    /** Every element to the target's only member (the target is a process). */
    TO_PROCESS,
    /** Element {@code i} of each sender to target member {@code i % n}. */
    ROUND_ROBIN,
    /** Every element to every target member. */
    BROADCAST,
    /** Each element is a {@code KV<MemberId, T>}: {@code T} goes to the member the key names. */
    DEMUX
}
