package io.sluice.examples;

import io.sluice.dataflow.External;
import io.sluice.dataflow.Host;
import io.sluice.deploy.Deployment;
import java.net.InetSocketAddress;
import java.util.List;

/** What the examples share: the choice of host from the command line, serving external clients. */
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

    /**
     * Deploys, prints where the port of {@code clients} listens ({@code "<what> listening on
     * host:port"}), and runs until Ctrl-C: the end of every example that serves external clients.
     */
    static void serve(Deployment deployment, External<?> clients, String what) {
        deployment.deploy();
        InetSocketAddress at = deployment.externalAddress(clients);
        System.out.println(what + " listening on " + at.getHostString() + ":" + at.getPort());
        deployment.startCtrlC();
    }
}
