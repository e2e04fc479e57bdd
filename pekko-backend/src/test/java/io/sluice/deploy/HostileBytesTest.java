package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What an attacker on the same machine can do to a running flow's worker with raw bytes on its
 * Artery port (no Pekko, no certificate): a connection that sends Artery's magic header, a stream
 * id and then a frame whose length is negative is closed by the node, whose CPU goes back to idle;
 * a thousand connections (to both workers) that never send a byte are closed after the handshake
 * timeout. Meanwhile
 * no node is marked unreachable and the flow completes with its exact result.
 */
class HostileBytesTest {

    /** The handshake timeout the nodes run with here (Sluice's default is longer). */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    private static final int IDLE_CONNECTIONS = 1_000;
    /** A process at rest: the three nodes' heartbeats and gossip take a few percent of one core. */
    private static final double IDLE_CORES = 0.35;

    @Test
    void aMalformedFrameAndAThousandIdleConnectionsAreClosedWhileTheFlowStaysExact() throws Exception {
        ListAppender<ILoggingEvent> pekkoLog = new ListAppender<>();
        pekkoLog.start();
        Logger pekko = (Logger) LoggerFactory.getLogger("org.apache.pekko");
        pekko.addAppender(pekkoLog);
        int seed = FreePorts.next();
        int worker0 = FreePorts.next();
        int worker1 = FreePorts.next();
        try (GatedPipeline flow = new GatedPipeline(10_000, seed, worker0, worker1, ConfigFactory.parseString(
                "sluice.inbound-guard.handshake-timeout = " + HANDSHAKE_TIMEOUT.toMillis() + "ms"))) {
            flow.awaitDeployed(Duration.ofSeconds(60));

            // 1. Magic, the ordinary stream's id, then a frame whose length is -4 and 1 KiB of junk.
            long probeSent;
            String closedByNode;
            try (Socket attacker = connect(worker0)) {
                OutputStream out = attacker.getOutputStream();
                out.write(malformedFrame());
                out.flush();
                probeSent = System.nanoTime();
                closedByNode = awaitClosed(attacker, Duration.ofSeconds(5));
            }
            // 2. The attacker has gone: the node's CPU is back to idle within 5 s.
            CpuWindows cpu = awaitIdleCpu(Duration.ofSeconds(5));
            int dropped = count(pekkoLog, "Dropping message");
            assertTrue(closedByNode != null && cpu.idle(),
                    "after a malformed frame the node closes the connection and goes back to idle; connection: "
                            + (closedByNode == null ? "still open after 5 s" : closedByNode)
                            + "; CPU over 0.5 s windows after the attacker left (cores): " + cpu.samples()
                            + "; Pekko logged 'Dropping message' " + dropped + " times in "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probeSent) + " ms");

            // 3. A thousand connections that never say anything are closed after the handshake timeout.
            List<Socket> idle = new ArrayList<>();
            String idleFigures;
            try {
                long opening = System.nanoTime();
                openIdle(List.of(worker0, worker1), idle);
                long opened = System.nanoTime() - opening;
                long deadline = System.nanoTime() + HANDSHAKE_TIMEOUT.plusSeconds(8).toNanos();
                int open = 0;
                for (Socket s : idle) {
                    if (awaitClosed(s, Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) == null) {
                        open++;
                    }
                }
                assertEquals(0, open, "idle connections still open " + HANDSHAKE_TIMEOUT.plusSeconds(8).toSeconds()
                        + " s after the last of " + IDLE_CONNECTIONS + " was opened (opening them took "
                        + TimeUnit.NANOSECONDS.toMillis(opened) + " ms)");
                idleFigures = IDLE_CONNECTIONS + " opened in " + TimeUnit.NANOSECONDS.toMillis(opened)
                        + " ms, all closed " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opening - opened)
                        + " ms after the last was opened";
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }

            // 4. Nobody was lost, and the flow is exact.
            flow.openAndAssertExact();
            List<String> unreachable = messages(pekkoLog, "UNREACHABLE");
            assertTrue(unreachable.isEmpty(), "no node was marked unreachable: " + unreachable);
            System.out.printf("HostileBytesTest: malformed frame: connection closed (%s), then CPU (cores, 0.5 s "
                    + "windows) %s, 'Dropping message' x%d; idle: %s%n", closedByNode, cpu.samples(), dropped, idleFigures);
        } finally {
            pekko.detachAppender(pekkoLog);
        }
    }

    /** Artery's connection header for the ordinary stream, then a frame of length -4 and 1020 junk bytes. */
    private static byte[] malformedFrame() {
        ByteBuffer b = ByteBuffer.allocate(5 + 1024).order(ByteOrder.LITTLE_ENDIAN);
        b.put("AKKA".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).putInt(-4);
        byte[] junk = new byte[1020];
        Arrays.fill(junk, (byte) 0x5a);
        b.put(junk);
        return b.array();
    }

    /**
     * Opens {@link #IDLE_CONNECTIONS} connections, spread over {@code ports}, from a few threads
     * (Pekko listens with a backlog of 100 and accepts slowly on a busy machine: a connect that finds
     * the queue full waits a second for its SYN's retry).
     */
    private static void openIdle(List<Integer> ports, List<Socket> sockets) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Socket>> opening = new ArrayList<>();
            for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                int port = ports.get(i % ports.size());
                opening.add(pool.submit(() -> connect(port)));
            }
            for (Future<Socket> s : opening) {
                sockets.add(s.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return s;
    }

    /**
     * Waits up to {@code timeout} for the peer to close {@code s}: how it ended ("end of stream"
     * or the exception), or null if it is still open.
     */
    private static String awaitClosed(Socket s, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = s.getInputStream();
        byte[] sink = new byte[256];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return null;
            }
            s.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(sink) < 0) {
                    return "end of stream";
                }
            } catch (SocketTimeoutException stillOpen) {
                return null;
            } catch (IOException closed) {
                return closed.toString();
            }
        }
    }

    /** Process CPU (in cores) over successive 0.5 s windows, and whether the last was idle. */
    private record CpuWindows(List<String> samples, boolean idle) {
    }

    /** Measures 0.5 s windows of this process's CPU time until one is idle, or {@code timeout} passes. */
    private static CpuWindows awaitIdleCpu(Duration timeout) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> samples = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(500); // the measuring window itself
            double cores = (double) (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - t0);
            samples.add(String.format("%.2f", cores));
            if (cores < IDLE_CORES) {
                return new CpuWindows(samples, true);
            }
        }
        return new CpuWindows(samples, false);
    }

    private static List<String> messages(ListAppender<ILoggingEvent> log, String part) {
        synchronized (log) {
            return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(part)).toList();
        }
    }

    private static int count(ListAppender<ILoggingEvent> log, String part) {
        return messages(log, part).size();
    }
}
