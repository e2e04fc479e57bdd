package io.sluice.examples;

import io.sluice.deploy.ExternalClient;
import io.sluice.examples.KeyedCounter.Ack;
import io.sluice.examples.KeyedCounter.Count;
import io.sluice.examples.KeyedCounter.Get;
import io.sluice.examples.KeyedCounter.Increment;
import io.sluice.examples.KeyedCounter.Request;
import io.sluice.examples.KeyedCounter.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A client of {@link KeyedCounter} that checks what it is told: it sends its requests (fixed by
 * its number and a seed) with at most {@value #WINDOW} unanswered, and checks that every
 * increment is acknowledged exactly once and every get returns at least the number of this
 * client's increments of that key acknowledged before the get was sent. Prints one summary line
 * and exits 0, or names the first violation on standard error and exits 1.
 *
 * <pre>
 * java -jar examples/target/sluice-examples.jar KeyedCounterClient host port client requests keys seed
 * client 3: 7012 increments acknowledged once, 2988 gets read their writes
 * </pre>
 */
public final class KeyedCounterClient {

    /** Requests in flight at most: enough to pipeline, and far below the port's buffers. */
    static final int WINDOW = 64;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private KeyedCounterClient() {
    }

    /** The requests of client {@code client}: about 70% increments, over {@code keys} keys. */
    static List<Request> requestsOf(int client, int count, int keys, long seed) {
        Random random = new Random(seed * 31 + client);
        List<Request> out = new ArrayList<>(count);
        for (int seq = 0; seq < count; seq++) {
            String key = "k" + random.nextInt(keys);
            out.add(random.nextInt(10) < 7 ? new Increment(key, seq) : new Get(key, seq));
        }
        return out;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 6) {
            System.err.println("usage: KeyedCounterClient <host> <port> <client> <requests> <keys> <seed>");
            System.exit(2);
            return;
        }
        int client = Integer.parseInt(args[2]);
        List<Request> requests = requestsOf(client, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                Long.parseLong(args[5]));
        String violation = run(args[0], Integer.parseInt(args[1]), requests);
        if (!violation.isEmpty()) {
            System.err.println("client " + client + ": " + violation);
            System.exit(1);
        }
        long increments = requests.stream().filter(Increment.class::isInstance).count();
        System.out.println("client " + client + ": " + increments + " increments acknowledged once, "
                + (requests.size() - increments) + " gets read their writes");
    }

    /** Runs {@code requests} against the server; the first violation, or empty. */
    static String run(String host, int port, List<Request> requests) throws IOException, InterruptedException {
        Map<String, Long> acked = new HashMap<>();
        // for each request in flight: the acked increments of its key when it was sent (gets), or -1 (increments)
        Map<Long, Long> inFlight = new HashMap<>();
        try (ExternalClient<Request, Response> c = ExternalClient.connect(host, port, Request.class, Response.class)) {
            int next = 0;
            int answered = 0;
            while (answered < requests.size()) {
                while (next < requests.size() && inFlight.size() < WINDOW) {
                    Request r = requests.get(next++);
                    inFlight.put(r.seq(), r instanceof Get ? acked.getOrDefault(r.key(), 0L) : -1L);
                    c.send(r);
                }
                Response response = c.receive(PATIENCE).orElse(null);
                if (response == null) {
                    return "no answer within " + PATIENCE + "; " + inFlight.size() + " requests unanswered";
                }
                Long sent = inFlight.remove(response.seq());
                Request asked = sent == null ? null : requests.get((int) response.seq());
                if (response instanceof Ack a) {
                    if (!(asked instanceof Increment) || !asked.key().equals(a.key())) {
                        return "an ack " + a + " for no increment in flight (a duplicate?)";
                    }
                    acked.merge(a.key(), 1L, Long::sum);
                } else if (response instanceof Count n) {
                    if (!(asked instanceof Get) || !asked.key().equals(n.key())) {
                        return "a count " + n + " for no get in flight";
                    }
                    if (n.count() < sent) {
                        return "get " + n.seq() + " of " + n.key() + " returned " + n.count() + " but " + sent
                                + " of this client's increments of it were acknowledged before it was sent";
                    }
                }
                answered++;
            }
        }
        return "";
    }
}
