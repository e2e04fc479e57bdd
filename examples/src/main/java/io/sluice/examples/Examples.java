package io.sluice.examples;

import io.sluice.dataflow.Host;
import io.sluice.deploy.Deployment;
import java.util.List;

/** What the examples share: the choice of host from the command line. */
final class Examples {

    private Examples() {
    }

    /**
     * {@code deployment.inJvm()} when the program was started with {@code --in-jvm}, else
     * {@code deployment.localhost()} (one JVM per member, as Hydro Deploy's {@code Localhost()}).
     */
    static Host host(Deployment deployment, String[] args) {
        return List.of(args).contains("--in-jvm") ? deployment.inJvm() : deployment.localhost();
    }
}
