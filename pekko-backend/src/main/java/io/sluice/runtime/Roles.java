package io.sluice.runtime;

/** The cluster roles Sluice gives its nodes. */
final class Roles {

    /** The node that runs the coordinator (the program that called {@code deploy()}). */
    static final String DRIVER = "sluice-driver";

    private Roles() {
    }

    /** Every node hosting a member of location {@code location}. */
    static String location(int location) {
        return "sluice-location-" + location;
    }

    /** The node configured as member {@code member} of location {@code location}. */
    static String member(int location, int member) {
        return "sluice-location-" + location + "-member-" + member;
    }
}
