package io.sluice.deploy;

import io.sluice.dataflow.Host;

/** A member as its own ActorSystem inside the deploying JVM, on loopback with a free port. */
record InJvmHost() implements Host {

    @Override
    public String describe() {
        return "an ActorSystem in this JVM";
    }
}
