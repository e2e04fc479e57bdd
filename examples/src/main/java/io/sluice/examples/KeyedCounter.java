package io.sluice.examples;

import io.sluice.dataflow.ClientId;
import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessKeyedStream;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import io.sluice.deploy.Deployment;

/**
 * Hydro's keyed-counter tutorial as a service: clients outside the cluster send
 * {@link Increment}s and {@link Get}s of string keys; the counts live in a tick cycle on the
 * server, and every answer goes back to the client that asked. Each tick takes the requests
 * that arrived since the last one; its increments are added to the counts carried from the
 * previous tick, each acknowledged once, and its gets answered with the counts after them, so a
 * client that saw the ack of an increment before it sent a get sees that increment
 * (read-your-writes per client).
 *
 * <pre>
 * java -jar examples/target/sluice-examples.jar KeyedCounter
 * keyed counter listening on 127.0.0.1:40321
 * java -jar examples/target/sluice-examples.jar KeyedCounterClient 127.0.0.1 40321 0 10000 100 1
 * </pre>
 */
public final class KeyedCounter {

    /** The tag of the serving process. */
    public static final class Server {
    }

    /** The tag of the clients. */
    public static final class Client {
    }

    /** What a client asks; {@code seq} is the client's own number for the request, echoed in the answer. */
    public sealed interface Request permits Increment, Get {
        /** @return the counter's key */
        String key();

        /** @return the client's number for this request */
        long seq();
    }

    /** Adds one to the count of {@code key}; answered with an {@link Ack}. */
    public record Increment(String key, long seq) implements Request {
    }

    /** Asks for the count of {@code key}; answered with a {@link Count}. */
    public record Get(String key, long seq) implements Request {
    }

    /** What the server answers. */
    public sealed interface Response permits Ack, Count {
        /** @return the number of the request answered */
        long seq();
    }

    /** The increment numbered {@code seq} was counted. */
    public record Ack(long seq, String key) implements Response {
    }

    /** The count of {@code key} when the get numbered {@code seq} was served. */
    public record Count(long seq, String key, long count) implements Response {
    }

    private KeyedCounter() {
    }

    /** The flow. */
    public static void keyedCounter(Process<Server> server, External<Client> clients) {
        ExternalPort<Request, Response, Server> port = server.bidiExternalMany(clients, Request.class, Response.class);
        Tick<Process<Server>> tick = server.tick();
        ProcessStream<KV<ClientId, Request>, Server> requests = port.requests().entries().batch(tick);
        ProcessStream<KV<ClientId, Request>, Server> increments = requests.filter(kv -> kv.value() instanceof Increment);
        ProcessKeyedStream<String, KV<ClientId, Request>, Server> gets = requests
                .filter(kv -> kv.value() instanceof Get)
                .keyBy(kv -> kv.value().key());

        // the counts of earlier ticks, and after this tick's increments
        ForwardRef<ProcessStream<KV<String, Long>, Server>> counts = server.cycle(tick);
        ProcessStream<KV<String, Long>, Server> after = counts.stream()
                .union(increments.map(kv -> KV.of(kv.value().key(), 1L)))
                .<String, Long>intoKeyed()
                .reduceCommutative(Long::sum)
                .entries();
        counts.complete(after);

        ProcessStream<KV<ClientId, Response>, Server> acks = increments
                .map(kv -> KV.of(kv.key(), (Response) new Ack(kv.value().seq(), kv.value().key())));
        ProcessStream<KV<ClientId, Response>, Server> known = gets.join(after.<String, Long>intoKeyed()).entries()
                .map(kv -> KV.of(kv.value().first().key(),
                        (Response) new Count(kv.value().first().value().seq(), kv.key(), kv.value().second())));
        ProcessStream<KV<ClientId, Response>, Server> unknown = gets.antiJoin(after.map(KV::key)).values()
                .map(kv -> KV.of(kv.key(), (Response) new Count(kv.value().seq(), kv.value().key(), 0)));
        port.reply(acks.union(known).union(unknown).allTicks().intoKeyed());
    }

    public static void main(String[] args) {
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Server> server = flow.process(Server.class);
        External<Client> clients = flow.external(Client.class);
        keyedCounter(server, clients);
        flow.withProcess(server, Examples.host(deployment, args)).deploy(deployment);
        Examples.serve(deployment, clients, "keyed counter");
    }
}
