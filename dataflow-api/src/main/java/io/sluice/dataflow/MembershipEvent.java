package io.sluice.dataflow;

import java.util.Objects;

/**
 * A member of a cluster joined or left: the elements of {@code sourceClusterMembers}.
 *
 * <pre>{@code
 * leader.sourceClusterMembers(workers)
 *       .filter(e -> e.change() == MembershipEvent.Change.JOINED)
 *       .forEach(e -> System.out.println("worker " + e.member().raw() + " is up"));
 * }</pre>
 *
 * @param member the member
 * @param change whether it joined or left
 * @param <C>    the cluster's tag type
 */
public record MembershipEvent<C>(MemberId<C> member, Change change) {

    /** What happened to the member. */
    public enum Change {
        /** The member is up and wired into the flow. */
        JOINED,
        /** The member is gone. */
        LEFT
    }

    /**
     * Rejects null parts.
     *
     * @param member the member
     * @param change whether it joined or left
     * @throws NullPointerException when either part is null
     */
    public MembershipEvent {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(change, "change");
    }
}
