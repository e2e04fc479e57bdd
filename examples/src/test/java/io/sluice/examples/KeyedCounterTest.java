package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.dataflow.External;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.ExternalClient;
import io.sluice.deploy.FlowRun;
import io.sluice.examples.KeyedCounter.Count;
import io.sluice.examples.KeyedCounter.Get;
import io.sluice.examples.KeyedCounter.Increment;
import io.sluice.examples.KeyedCounter.Request;
import io.sluice.examples.KeyedCounter.Response;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyedCounter} with 8 {@link KeyedCounterClient}s, each in a JVM of its own, pipelining
 * at once: each client checks that its increments are acknowledged exactly once and that its
 * gets read its writes; then the totals must be exact. The full load, 10,000 requests
 * per client, is this test with {@code -Dsluice.keyed-counter.requests=10000}.
 */
class KeyedCounterTest {

    private static final int CLIENTS = 8;
    /** Per client; the full load is {@code -Dsluice.keyed-counter.requests=10000}. */
    private static final int REQUESTS = Integer.getInteger("sluice.keyed-counter.requests", 500);
    private static final int KEYS = 100;
    private static final long SEED = 1;
    private static final Duration RUN = Duration.ofMinutes(2);

    @Test
    void eightClientsInTheirOwnJvmsCountExactlyAndReadTheirWrites() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<KeyedCounter.Server> server = flow.process(KeyedCounter.Server.class);
        External<KeyedCounter.Client> clients = flow.external(KeyedCounter.Client.class);
        KeyedCounter.keyedCounter(server, clients);
        try (FlowRun run = FlowRun.of(flow).process(server).start()) {
            InetSocketAddress at = run.deployment().externalAddress(clients);
            List<JvmRun> jvms = new ArrayList<>();
            try {
                for (int c = 0; c < CLIENTS; c++) {
                    jvms.add(JvmRun.start(KeyedCounterClient.class, List.of(), at.getHostString(),
                            String.valueOf(at.getPort()), String.valueOf(c), String.valueOf(REQUESTS),
                            String.valueOf(KEYS), String.valueOf(SEED)));
                }
                for (int c = 0; c < CLIENTS; c++) {
                    JvmRun jvm = jvms.get(c);
                    assertEquals(0, jvm.awaitExit(RUN), "client " + c + ": " + String.join("\n", jvm.err()));
                }
            } finally {
                jvms.forEach(JvmRun::close);
            }

            Map<String, Long> expected = new TreeMap<>();
            for (int c = 0; c < CLIENTS; c++) {
                for (Request r : KeyedCounterClient.requestsOf(c, REQUESTS, KEYS, SEED)) {
                    if (r instanceof Increment) {
                        expected.merge(r.key(), 1L, Long::sum);
                    }
                }
            }
            Map<String, Long> totals = new TreeMap<>();
            try (ExternalClient<Request, Response> reader = ExternalClient.connect(at, Request.class, Response.class)) {
                for (String key : expected.keySet()) {
                    reader.send(new Get(key, totals.size()));
                    Count count = (Count) reader.receive(RUN).orElseThrow();
                    totals.put(count.key(), count.count());
                }
            }
            assertEquals(expected, totals);
        }
    }
}
