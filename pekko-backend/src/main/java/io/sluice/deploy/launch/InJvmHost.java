package io.sluice.deploy.launch;

import io.sluice.dataflow.Host;

/** A member as its own ActorSystem inside the deploying JVM, on loopback with a free port. */
public record InJvmHost() implements Host {

    @Override
    public String describe() {
        return "an ActorSystem in this JVM";
    }
}
