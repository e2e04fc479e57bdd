package io.sluice.runtime.actor;

import io.sluice.plan.MemberKey;

/**
 * How the coordinator reaches a member by its key, wherever the member runs now: through cluster
 * sharding, which starts the member's actor on a surviving node of its location when its own node
 * was lost. The coordinator uses it to wake members after a restart; every other message goes to
 * the refs the members reported.
 */
@FunctionalInterface
public interface MemberDirectory {

    /** Delivers {@code message} to member {@code member}, starting its actor if it has none. */
    void tell(MemberKey member, MemberMessage message);
}
