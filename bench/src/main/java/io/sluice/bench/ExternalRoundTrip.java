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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * External ports: the round trip of one client (p50, p99 of sequential request/reply pairs) and
 * the throughput of 8 clients pipelining (at most {@value #WINDOW} requests in flight each), to
 * an echo flow on one in-JVM member; clients are threads of the same JVM. After a warm-up, each
 * is measured {@value #RUNS} times and reported with its median and range. A receiver that waits
 * too long for a reply says whether it came late or never.
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
    private static final int RUNS = 3;
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
                double[] p50 = new double[RUNS];
                double[] p99 = new double[RUNS];
                for (int r = 0; r < RUNS; r++) {
                    long[] nanos = roundTrips(c, trips);
                    Arrays.sort(nanos);
                    p50[r] = nanos[trips / 2] / 1e3;
                    p99[r] = nanos[(int) (trips * 0.99)] / 1e3;
                    System.out.printf("round trip, 1 client, %d sequential, run %d: p50 %.1f us, p99 %.1f us%n",
                            trips, r + 1, p50[r], p99[r]);
                }
                System.out.printf("round trip, 1 client: p50 %s us, p99 %s us (medians of %d runs, min-max)%n",
                        median(p50), median(p99), RUNS);
            }

            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS * 2);
            try {
                pipelined(pool, at, perClient / 2);            // warm-up
                double[] rates = new double[RUNS];
                for (int r = 0; r < RUNS; r++) {
                    long start = System.nanoTime();
                    pipelined(pool, at, perClient);
                    rates[r] = CLIENTS * (double) perClient / ((System.nanoTime() - start) / 1e9);
                    System.out.printf("throughput, %d clients pipelining (window %d), %d requests each, run %d: "
                            + "%.0f round trips/s%n", CLIENTS, WINDOW, perClient, r + 1, rates[r]);
                }
                System.out.printf("throughput, %d clients pipelining: %s round trips/s (median of %d runs, min-max)%n",
                        CLIENTS, median(rates), RUNS);
            } finally {
                pool.shutdownNow();
            }
            deployment.stop();
        }
    }

    /**
     * The next reply; when none comes within {@link #WAIT}, waits as long again to tell a late
     * reply from a lost one, and fails saying which.
     */
    private static long receiveOrExplain(ExternalClient<Long, Long> c, int client, long expected, Semaphore window)
            throws InterruptedException {
        Optional<Long> got = c.receive(WAIT);
        if (got.isPresent()) {
            return got.get();
        }
        long start = System.nanoTime();
        Optional<Long> late = c.receive(WAIT);
        String what = late.map(v -> "it came " + (WAIT.toMillis() + (System.nanoTime() - start) / 1_000_000)
                + " ms late, holding " + v).orElse("none came within " + 2 * WAIT.toSeconds() + " s");
        throw new IllegalStateException("client " + client + " waited for reply " + expected + " (" + (WINDOW
                - window.availablePermits()) + " requests in flight): " + what);
    }

    /** The median of {@code values} with their range, as {@code median (min-max)}. */
    private static String median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format("%.0f (%.0f-%.0f)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
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
                int client = k;
                done.add(pool.submit((Callable<Void>) () -> {
                    for (long i = 0; i < n; i++) {
                        long got = receiveOrExplain(c, client, i, window);
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
