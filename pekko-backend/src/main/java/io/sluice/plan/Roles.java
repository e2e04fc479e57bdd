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

    /** The node configured as member {@code member} of location {@code location}. */
    public static String member(int location, int member) {
        return "sluice-location-" + location + "-member-" + member;
    }
}
