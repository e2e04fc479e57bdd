package io.sluice.bench;

import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import io.sluice.deploy.ExternalClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * External ports: the round trip of one client (p50, p99 of sequential request/reply pairs) and
 * the throughput of 8 clients pipelining (at most {@value #WINDOW} requests in flight each), to
 * an echo flow on one in-JVM member; clients are threads of the same JVM.
 *
 * <pre>
 * java -cp bench/target/sluice-bench.jar io.sluice.bench.ExternalRoundTrip [round trips] [requests per client]
 * </pre>
 */
public final class ExternalRoundTrip {

    /** The echo's tag. */
    public static final class Server {
    }

    /** The clients' tag. */
    public static final class Client {
    }

    private static final int WINDOW = 256;
    private static final int CLIENTS = 8;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ExternalRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        int trips = Args.elements(args, 0, 20_000);
        int perClient = Args.elements(args, 1, 100_000);
        try (Deployment deployment = new Deployment()) {
            FlowBuilder flow = new FlowBuilder();
            Process<Server> server = flow.process(Server.class);
            External<Client> clients = flow.external(Client.class);
            ExternalPort<Long, Long, Server> port = server.bidiExternalMany(clients, Long.class, Long.class);
            port.reply(port.requests());
            flow.withProcess(server, deployment.inJvm()).deploy(deployment);
            deployment.deploy();
            deployment.start();
            InetSocketAddress at = deployment.externalAddress(clients);

            try (ExternalClient<Long, Long> c = ExternalClient.connect(at, Long.class, Long.class)) {
                roundTrips(c, trips / 10);                      // warm-up
                long[] nanos = roundTrips(c, trips);
                Arrays.sort(nanos);
                System.out.printf("round trip, 1 client, %d sequential: p50 %.1f us, p99 %.1f us%n", trips,
                        nanos[trips / 2] / 1e3, nanos[(int) (trips * 0.99)] / 1e3);
            }

            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS * 2);
            try {
                pipelined(pool, at, perClient / 10);           // warm-up
                long start = System.nanoTime();
                pipelined(pool, at, perClient);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("throughput, %d clients pipelining (window %d), %d requests each: %.0f round trips/s%n",
                        CLIENTS, WINDOW, perClient, CLIENTS * (double) perClient / seconds);
            } finally {
                pool.shutdownNow();
            }
            deployment.stop();
        }
    }

    private static long[] roundTrips(ExternalClient<Long, Long> c, int n) throws Exception {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            c.send((long) i);
            long got = c.receive(WAIT).orElseThrow();
            nanos[i] = System.nanoTime() - t0;
            if (got != i) {
                throw new IllegalStateException("sent " + i + ", got " + got);
            }
        }
        return nanos;
    }

    private static void pipelined(ExecutorService pool, InetSocketAddress at, int n) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        List<ExternalClient<Long, Long>> open = new ArrayList<>();
        try {
            for (int k = 0; k < CLIENTS; k++) {
                ExternalClient<Long, Long> c = ExternalClient.connect(at, Long.class, Long.class);
                open.add(c);
                Semaphore window = new Semaphore(WINDOW);
                done.add(pool.submit((Callable<Void>) () -> {
                    for (long i = 0; i < n; i++) {
                        window.acquire();
                        c.send(i);
                    }
                    return null;
                }));
                done.add(pool.submit((Callable<Void>) () -> {
                    for (long i = 0; i < n; i++) {
                        long got = c.receive(WAIT).orElseThrow();
                        if (got != i) {
                            throw new IllegalStateException("expected " + i + ", got " + got);
                        }
                        window.release();
                    }
                    return null;
                }));
            }
            // Receivers first: one that gets no reply within WAIT fails, and its sender, blocked on the
            // window, is then interrupted by the pool's shutdown instead of hanging the bench.
            for (int k = 1; k < done.size(); k += 2) {
                done.get(k).get();
            }
            for (int k = 0; k < done.size(); k += 2) {
                done.get(k).get();
            }
        } finally {
            open.forEach(ExternalClient::close);
        }
    }
}
