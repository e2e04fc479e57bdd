package io.sluice.plan;

/**
 * One member of one location.
 *
 * @param location the location id
 * @param member   the member id within it
 */
public record MemberKey(int location, int member) {

    /** The node role that hosts this member: sharding places member {@code k} there. */
    public String role() {
        return Roles.member(location, member);
    }
}
