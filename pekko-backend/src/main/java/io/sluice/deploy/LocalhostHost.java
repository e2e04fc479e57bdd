package io.sluice.deploy;

import io.sluice.dataflow.Host;

/** A member in its own JVM on this machine, launched by the deployment. */
record LocalhostHost() implements Host {

    @Override
    public String describe() {
        return "a JVM on this machine";
    }
}
