package io.sluice.bench;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessKeyedStream;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import io.sluice.testkit.sim.SimBody;
import io.sluice.testkit.sim.SimOutput;
import io.sluice.testkit.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Simulated runs per minute: {@code Simulation.fuzz(runs)} over the keyed counter of
 * {@code CounterTest} (a client that increments keys and reads each back once its increment is
 * acknowledged, through a gateway, against a server that counts in a tick cycle), every run
 * building, planning and running the whole flow and checking read-your-writes.
 *
 * <pre>
 * java -cp "$CP" io.sluice.bench.SimRuns 20_000 5_000 3   # runs, warm-up runs, increments per run
 * </pre>
 */
public final class SimRuns {

    static final class Server {
    }

    static final class Gateway {
    }

    static final class Client {
    }

    sealed interface Request permits Increment, Get {
    }

    record Increment(String key, int n) implements Request {
    }

    record Get(String key, int mustSee) implements Request {
    }

    sealed interface Response permits Ack, Count {
    }

    record Ack(String key, int n) implements Response {
    }

    record Count(String key, int mustSee, long count) implements Response {
    }

    private SimRuns() {
    }

    public static void main(String[] args) {
        int runs = (int) Args.positive(args, 0, 20_000, "runs");
        int warmUp = (int) Args.positive(args, 1, 5_000, "warm-up runs");
        int increments = (int) Args.positive(args, 2, 3, "increments per run");
        List<Increment> input = new ArrayList<>();
        for (int i = 0; i < increments; i++) {
            String key = "k" + (i % 2);
            input.add(new Increment(key, i / 2 + 1));
        }
        SimBody body = body(input);
        Simulation.fuzz(warmUp).seed(1).run(body);
        long start = System.nanoTime();
        int done = Simulation.fuzz(runs).seed(2).run(body);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("SimRuns: %d fuzz runs of the keyed counter (%d increments each) in %.2f s: %,.0f runs/min"
                + " (%.0f us per run)%n", done, increments, seconds, done / seconds * 60, seconds / done * 1e6);
    }

    static SimBody body(List<Increment> increments) {
        return sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Server> server = flow.process(Server.class);
            Process<Gateway> gateway = flow.process(Gateway.class);
            Process<Client> client = flow.process(Client.class);
            SimOutput<Count> counts = sim.output(counter(server, gateway, client, client.sourceIter(increments)));
            flow.withProcess(server, sim.host()).withProcess(gateway, sim.host()).withProcess(client, sim.host())
                    .deploy(sim);
            List<Count> read = counts.drain();
            for (Count c : read) {
                if (c.count() < c.mustSee()) {
                    throw new AssertionError("stale read: " + c);
                }
            }
            if (read.size() != increments.size()) {
                throw new AssertionError("expected " + increments.size() + " counts, got " + read);
            }
        };
    }

    static ProcessStream<Count, Client> counter(Process<Server> server, Process<Gateway> gateway,
                                               Process<Client> client, ProcessStream<Increment, Client> increments) {
        ForwardRef<ProcessStream<Request, Client>> followUps = client.forwardRef();
        ProcessStream<Request, Server> requests = increments.<Request>map(i -> i).union(followUps.stream())
                .send(gateway).send(server);
        Tick<Process<Server>> tick = server.tick();
        ProcessStream<Request, Server> batch = requests.batch(tick);
        ProcessStream<Increment, Server> incs = batch.filterMap(r -> r instanceof Increment i ? Optional.of(i)
                : Optional.empty());
        ForwardRef<ProcessStream<KV<String, Long>, Server>> carried = server.cycle(tick);
        ProcessStream<KV<String, Long>, Server> after = carried.stream().union(incs.map(i -> KV.of(i.key(), 1L)))
                .<String, Long>intoKeyed().reduceCommutative(Long::sum).entries();
        carried.complete(after);
        ProcessKeyedStream<String, Get, Server> gets = batch
                .filterMap(r -> r instanceof Get g ? Optional.of(g) : Optional.empty()).keyBy(Get::key);
        ProcessStream<Response, Server> acks = incs.map(i -> new Ack(i.key(), i.n()));
        ProcessStream<Response, Server> known = gets.join(after.<String, Long>intoKeyed()).entries()
                .map(kv -> new Count(kv.key(), kv.value().first().mustSee(), kv.value().second()));
        ProcessStream<Response, Server> unknown = gets.antiJoin(after.map(KV::key)).values()
                .map(g -> new Count(g.key(), g.mustSee(), 0));
        ProcessStream<Response, Client> responses = acks.union(known).union(unknown).allTicks()
                .send(gateway).send(client);
        followUps.complete(responses.filterMap(r -> r instanceof Ack a
                ? Optional.<Request>of(new Get(a.key(), a.n())) : Optional.empty()));
        return responses.filterMap(r -> r instanceof Count c ? Optional.of(c) : Optional.empty());
    }
}
