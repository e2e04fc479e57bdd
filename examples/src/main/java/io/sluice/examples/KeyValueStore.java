package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.ClusterKeyedStream;
import io.sluice.dataflow.ClusterStream;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A replicated key-value store. Clients send puts and gets concurrently to a sequencer, which
 * gives every request a version in the order it receives them (the log) and broadcasts the log
 * to every replica. Each replica applies each tick's puts to its state, which a tick cycle
 * carries from tick to tick, and answers the gets it owns (version modulo replicas) with the
 * value the key had just before the get in the log: the latest earlier put of this tick if any
 * (a join with the tick's puts), else the state of earlier ticks (a join with the state), else
 * none (an anti-join). Answers go straight back to the client that asked (demux). Every replica
 * prints its table once a second while it changes, and at the end.
 *
 * <p>The protocol's invariant, which {@code KeyValueStoreTest} checks: every get is answered
 * exactly once, with what a single sequential map gives when the log is applied in order, and
 * every replica ends with that map's final contents.
 *
 * <pre>
 * [io.sluice.examples.KeyValueStore.Sequencer (process 1)] v7 c2#3 put k1=c2-3
 * [io.sluice.examples.KeyValueStore.Client (cluster 0) / 0] c0#5 get k1 = c2-3 (v7)
 * [io.sluice.examples.KeyValueStore.Replica (cluster 2) / 1] k1 = c2-3 (v7)
 * </pre>
 *
 * Run: {@code java -jar examples/target/sluice-examples.jar KeyValueStore [requests per client] [--in-jvm]}.
 */
public final class KeyValueStore {

    /** The clients' tag. */
    public static final class Client {
    }

    /** The sequencer's tag. */
    public static final class Sequencer {
    }

    /** The replicas' tag. */
    public static final class Replica {
    }

    /** A client's request: a put of {@code value} under {@code key}, or a get of {@code key}. */
    public record Request(int client, int seq, boolean put, String key, String value) {
        @Override
        public String toString() {
            return "c" + client + "#" + seq + (put ? " put " + key + "=" + value : " get " + key);
        }
    }

    /** A request with its place in the log. */
    public record Op(long version, Request request) {
        @Override
        public String toString() {
            return "v" + version + " " + request;
        }
    }

    /** A value and the version of the put that wrote it. */
    public record Versioned(long version, String value) {
        /** The later of two writes. */
        public static Versioned latest(Versioned a, Versioned b) {
            return a.version >= b.version ? a : b;
        }
    }

    /** The answer to a get: the value, and the version that wrote it, or none ({@code version} -1). */
    public record Answer(Op get, long version, String value) {
        @Override
        public String toString() {
            return get.request() + " = " + (version < 0 ? "none" : value + " (v" + version + ")");
        }
    }

    /** Keys the clients use: few, so that requests collide. */
    static final int KEYS = 4;

    private KeyValueStore() {
    }

    /** The requests of client {@code client}: random puts and gets, fixed by {@code seed}. */
    static List<Request> requestsOf(int client, int count, long seed) {
        Random random = new Random(seed * 31 + client);
        List<Request> out = new ArrayList<>();
        for (int seq = 0; seq < count; seq++) {
            String key = "k" + random.nextInt(KEYS);
            boolean put = random.nextBoolean();
            out.add(new Request(client, seq, put, key, put ? "c" + client + "-" + seq : ""));
        }
        return out;
    }

    /** The flow. */
    public static void keyValueStore(Cluster<Client> clients, Process<Sequencer> sequencer, Cluster<Replica> replicas,
                                     int requestsPerClient, long seed) {
        // clients -> sequencer: the log
        ClusterStream<Op, Replica> log = clients
                .sourceIter(() -> requestsOf(clients.selfId().raw(), requestsPerClient, seed).iterator())
                .sendAnonymous(sequencer)
                .assumeOrdering("the sequencer's arrival order is, by definition, the order of the log")
                .enumerate()
                .map(kv -> new Op(kv.key(), kv.value()))
                .inspect(op -> System.out.println(op))
                .broadcast(replicas);

        Tick<Cluster<Replica>> tick = replicas.tick();
        ClusterStream<Op, Replica> ops = log.batch(tick);
        ClusterKeyedStream<String, Versioned, Replica> puts = ops.filter(op -> op.request().put())
                .keyBy(op -> op.request().key())
                .mapValues(op -> new Versioned(op.version(), op.request().value()));
        ClusterKeyedStream<String, Op, Replica> gets = ops
                .filter(op -> !op.request().put() && op.version() % replicas.members().size() == replicas.selfId().raw())
                .keyBy(op -> op.request().key());

        // the state of every earlier tick, and the state after this one
        ForwardRef<ClusterStream<KV<String, Versioned>, Replica>> state = replicas.cycle(tick);
        ClusterKeyedStream<String, Versioned, Replica> before = state.stream().intoKeyed();
        ClusterStream<KV<String, Versioned>, Replica> after = before.entries().union(puts.entries())
                .<String, Versioned>intoKeyed()
                .reduceCommutative(Versioned::latest)
                .entries();
        state.complete(after);

        // a get sees the latest put before it: from this tick, else from the state of earlier ones
        ClusterStream<Answer, Replica> found = gets.join(before).values()
                .union(gets.join(puts).values().filter(p -> p.second().version() < p.first().version()))
                .map(p -> KV.of(p.first().version(), new Answer(p.first(), p.second().version(), p.second().value())))
                .<Long, Answer>intoKeyed()
                .reduceCommutative((a, b) -> a.version() >= b.version() ? a : b)
                .entries()
                .map(KV::value);
        ClusterStream<Answer, Replica> none = gets.entries().map(kv -> kv.value())
                .keyBy(Op::version)
                .antiJoin(found.map(a -> a.get().version()))
                .values()
                .map(get -> new Answer(get, -1, ""));
        found.union(none)
             .map(a -> KV.of(MemberId.<Client>of(a.get().request().client()), a))
             .allTicks()
             .<Client, Answer>demux(clients)
             .forEach(kv -> System.out.println(kv.value()));

        after.allTicks()
             .<String, Versioned>intoKeyed()
             .reduceCommutative(Versioned::latest)
             .sampleEvery(Duration.ofSeconds(1))
             .forEach(kv -> System.out.println(kv.key() + " = " + kv.value().value() + " (v" + kv.value().version() + ")"));
    }

    public static void main(String[] args) {
        int requests = args.length > 0 && !args[0].startsWith("-") ? Integer.parseInt(args[0]) : 10;
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Cluster<Client> clients = flow.cluster(Client.class);
        Process<Sequencer> sequencer = flow.process(Sequencer.class);
        Cluster<Replica> replicas = flow.cluster(Replica.class);
        keyValueStore(clients, sequencer, replicas, requests, 1);
        flow.withCluster(clients, Collections.nCopies(2, Examples.host(deployment, args)))
            .withProcess(sequencer, Examples.host(deployment, args))
            .withCluster(replicas, Collections.nCopies(3, Examples.host(deployment, args)))
            .deploy(deployment);
        deployment.deploy();
        deployment.startCtrlC();
    }
}
