package io.sluice.deploy.launch;

import io.sluice.dataflow.Host;

/** A member in its own JVM on this machine, launched by the deployment. */
public record LocalhostHost() implements Host {

    @Override
    public String describe() {
        return "a JVM on this machine";
    }
}
