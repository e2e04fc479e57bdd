package io.sluice.examples;

import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;

/**
 * The external half of Hydro's {@code first_ten} tutorial: a process answers every line a client
 * sends with {@code "hi: " + line}, and prints who connects and leaves. Run it, then a client in
 * another terminal with the printed port:
 *
 * <pre>
 * java -jar examples/target/sluice-examples.jar EchoServer            # the server in a JVM of its own
 * echo server listening on 127.0.0.1:40123
 * java -jar examples/target/sluice-examples.jar EchoClient 127.0.0.1 40123 "this is some string"
 * hi: this is some string
 * </pre>
 *
 * The port is a free one unless {@code sluice.external."io.sluice.examples.EchoServer.Client".port}
 * says otherwise (e.g. {@code -Dsluice.external.\"io.sluice.examples.EchoServer.Client\".port=7000}).
 */
public final class EchoServer {

    /** The tag of the serving process. */
    public static final class Server {
    }

    /** The tag of the clients outside the cluster. */
    public static final class Client {
    }

    private EchoServer() {
    }

    /** The flow: each request answered to its sender with {@code "hi: "} in front; connections printed. */
    public static void echoServer(Process<Server> server, External<Client> clients) {
        ExternalPort<String, String, Server> port = server.bidiExternalMany(clients, String.class, String.class);
        port.connections().forEach(e -> System.out.println(e.client() + " " + e.change()
                + (e.reason().isEmpty() ? "" : ": " + e.reason())));
        port.reply(port.requests().mapValues(s -> "hi: " + s));
    }

    public static void main(String[] args) {
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Server> server = flow.process(Server.class);
        External<Client> clients = flow.external(Client.class);
        echoServer(server, clients);
        flow.withProcess(server, Examples.host(deployment, args)).deploy(deployment);
        Examples.serve(deployment, clients, "echo server");
    }
}
