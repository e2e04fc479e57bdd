package io.sluice.bench;

import io.sluice.dataflow.ClientId;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import io.sluice.deploy.ExternalClient;
import io.sluice.examples.SparesDemo;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code port} workload of {@link FaultBench}: a client of this JVM sends the requests
 * {@code 0 .. n-1}, each once, to an external port on the leader (also in this JVM); the leader
 * demuxes request {@code r} to worker {@code r mod 4}, which numbers the requests it handles
 * ({@code enumerate}, kept in the snapshots) and answers the client with the number. After a
 * worker's loss the flow restarts from its last snapshot; the leader's member keeps the port, and
 * the client connected, and replays the requests read since. The client checks that every
 * request is answered, the same each time it is answered, with {@code r / 4}: each counted once,
 * in order, by its worker.
 */
final class PortClient {

    /** The port's clients. */
    static final class Clients {
    }

    /** The answer to request {@code request}: its index among its worker's requests. */
    record Answer(int request, long index) {
    }

    /** Requests sent and not answered yet, at most. */
    private static final int WINDOW = 512;

    private final External<Clients> clients;
    private final int n;
    /** Each request's answer, {@code -1} until it comes. */
    private final long[] answers;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong repeated = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    /** When the last new answer came, and the longest the client waited for one (the receiver's thread only). */
    private long lastAnswer;
    private volatile long longestWait;
    private volatile ExternalClient<Integer, Answer> client;
    private volatile Throwable failure;

    private PortClient(External<Clients> clients, int n) {
        this.clients = clients;
        this.n = n;
        this.answers = new long[n];
        Arrays.fill(answers, -1);
    }

    /** The flow: the port on {@code leader}, which prints each tenth of the requests it reads, and the workers' numbering. */
    static PortClient flow(io.sluice.dataflow.FlowBuilder flow, Process<SparesDemo.Leader> leader,
                           Cluster<SparesDemo.Worker> workers, int n) {
        External<Clients> clients = flow.external(Clients.class);
        ExternalPort<Integer, Answer, SparesDemo.Leader> port = leader.bidiExternalMany(clients, Integer.class,
                Answer.class);
        int tenth = Math.max(1, n / 10);
        int count = SparesFlow.WORKERS;
        port.reply(port.requests().entries()
                .inspect(kv -> {
                    if (kv.value() % tenth == 0 && kv.value() > 0) {
                        System.out.println("dealt " + (kv.value() / tenth * 10) + "%");
                    }
                })
                .map(kv -> KV.of(MemberId.<SparesDemo.Worker>of(kv.value() % count), kv))
                .<SparesDemo.Worker, KV<ClientId, Integer>>demux(workers)
                .assumeOrdering("the leader is the only sender, and demux keeps its order per member")
                .enumerate()
                .map(kv -> KV.of(kv.value().key(), new Answer(kv.value().value(), kv.key())))
                .sendAnonymous(leader)
                .<ClientId, Answer>intoKeyed());
        return new PortClient(clients, n);
    }

    /** Connects to the deployed port and sends the requests from a thread of its own, reading the answers on another. */
    void start(Deployment deployment) {
        try {
            client = ExternalClient.connect(deployment.externalAddress(clients), Integer.class, Answer.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to the port", e);
        }
        Thread receiver = new Thread(this::receive, "port-receiver");
        receiver.setDaemon(true);
        receiver.start();
        Thread sender = new Thread(this::send, "port-sender");
        sender.setDaemon(true);
        sender.start();
    }

    private void send() {
        try {
            for (int i = 0; i < n && failure == null; i++) {
                window.acquire();
                client.send(i);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            failure = e;
        }
    }

    private void receive() {
        try {
            while (answered.get() < n && failure == null) {
                client.receive(Duration.ofSeconds(1)).ifPresent(this::take);
            }
        } catch (InterruptedException | RuntimeException e) {
            failure = e;
        }
    }

    private void take(Answer a) {
        int r = a.request();
        if (answers[r] >= 0) {
            repeated.incrementAndGet();
            if (answers[r] != a.index()) {
                wrong.incrementAndGet();
            }
            return;
        }
        answers[r] = a.index();
        long now = System.nanoTime();
        if (lastAnswer != 0) {
            longestWait = Math.max(longestWait, now - lastAnswer);
        }
        lastAnswer = now;
        if (a.index() != r / SparesFlow.WORKERS) {
            wrong.incrementAndGet();
        }
        answered.incrementAndGet();
        window.release();
    }

    /** Waits until every request is answered, or fails after {@code limit}. */
    void awaitAnswers(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (answered.get() < n) {
            if (failure != null) {
                throw new IllegalStateException("the port's client failed", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + limit + " for every answer: " + answered.get() + " of " + n);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** What the client got; fails unless each request was answered, right, the same each time. */
    String verify() {
        String got = String.format(java.util.Locale.ROOT, "port: %d requests answered, %d answers repeated, %d wrong,"
                + " longest wait for an answer %,d ms", answered.get(), repeated.get(), wrong.get(), longestWait / 1_000_000);
        if (answered.get() != n || wrong.get() != 0 || client.closed().toCompletableFuture().isDone()) {
            throw new IllegalStateException("wrong result: " + got
                    + (client.closed().toCompletableFuture().isDone() ? ", and the client was disconnected" : ""));
        }
        client.close();
        return got + ": exact";
    }
}
