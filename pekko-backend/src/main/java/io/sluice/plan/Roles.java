package io.sluice.plan;

/** The cluster roles Sluice gives its nodes. */
public final class Roles {

    /** The node that runs the coordinator (the program that called {@code deploy()}). */
    public static final String DRIVER = "sluice-driver";

    private Roles() {
    }

    /** Every node hosting a member of location {@code location}. */
    public static String location(int location) {
        return "sluice-location-" + location;
    }

    /** A spare node of location {@code location}: it hosts no member at first, and takes over lost ones. */
    public static String spare(int location) {
        return "sluice-location-" + location + "-spare";
    }

    /** Whether a node with role {@code role} may host members of location {@code location}: a member's node or a spare. */
    public static boolean hostsMembersOf(String role, int location) {
        String prefix = "sluice-location-" + location + "-";
        return role.startsWith(prefix) && (role.startsWith(prefix + "member-") || role.equals(spare(location)));
    }

    /** The node configured as member {@code member} of location {@code location}. */
    public static String member(int location, int member) {
        return "sluice-location-" + location + "-member-" + member;
    }
}
