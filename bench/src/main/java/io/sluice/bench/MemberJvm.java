package io.sluice.bench;

import com.typesafe.config.ConfigFactory;

/**
 * Tells a launcher JVM from a member JVM. With {@code localhost()} hosts, {@code deploy()}
 * starts this same program again in one JVM per member, configured with a {@code sluice.node}
 * section (see {@code Deployment}); there the bench must serve its member for one run and exit,
 * leaving the repetitions, the timing and the checks to the launcher.
 */
final class MemberJvm {

    private MemberJvm() {
    }

    /** Whether this JVM is one member of a flow rather than its launcher. */
    static boolean active() {
        return ConfigFactory.load().hasPath("sluice.node");
    }
}
