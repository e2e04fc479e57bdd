package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.dataflow.ClientEvent;
import io.sluice.dataflow.ClientId;
import io.sluice.dataflow.External;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.ExternalClient;
import io.sluice.deploy.FlowRun;
import io.sluice.examples.Chat.Said;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Chat} with 3 clients talking at once: everyone hears everyone, each sender's lines in
 * order; then a member in a JVM of its own is killed, which the room sees as a disconnection
 * while the others go on talking.
 */
class ChatTest {

    private static final int MEMBERS = 3;
    private static final int LINES = 50;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void everyLineReachesEveryOtherClientInItsSendersOrder() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<Chat.Room> room = flow.process(Chat.Room.class);
        External<Chat.Member> members = flow.external(Chat.Member.class);
        Chat.chat(room, members);
        try (FlowRun run = FlowRun.of(flow).process(room).start()) {
            InetSocketAddress at = run.deployment().externalAddress(members);
            List<ExternalClient<String, Said>> clients = new ArrayList<>();
            long[] ids = new long[MEMBERS];
            try {
                // Each joins and hears its own "join" back: it is in the room before anyone talks.
                for (int i = 0; i < MEMBERS; i++) {
                    ExternalClient<String, Said> c = ExternalClient.connect(at, String.class, Said.class);
                    clients.add(c);
                    c.send("join " + i);
                    Said echo;
                    do {
                        echo = c.receive(WAIT).orElseThrow();
                    } while (!echo.text().equals("join " + i));
                    ids[i] = echo.from();
                }
                for (int k = 0; k < LINES; k++) {
                    for (int i = 0; i < MEMBERS; i++) {
                        clients.get(i).send("line " + k + " of " + i);
                    }
                }
                List<String> expectedFrom = IntStream.range(0, LINES).mapToObj(k -> "line " + k + " of %d").toList();
                for (int i = 0; i < MEMBERS; i++) {
                    Map<Long, List<String>> heard = new HashMap<>();
                    int lines = 0;
                    while (lines < MEMBERS * LINES) {
                        Said s = clients.get(i).receive(WAIT).orElseThrow(() -> new AssertionError("a line is missing"));
                        if (s.text().startsWith("line ")) {
                            heard.computeIfAbsent(s.from(), f -> new ArrayList<>()).add(s.text());
                            lines++;
                        }
                    }
                    for (int j = 0; j < MEMBERS; j++) {
                        int sender = j;
                        assertEquals(expectedFrom.stream().map(l -> l.formatted(sender)).toList(), heard.get(ids[j]),
                                "what client " + i + " heard from client " + j);
                    }
                }

                // A member in another JVM joins, and is killed (SIGKILL): the room sees it leave, the others go on.
                long talker;
                try (JvmRun jvm = JvmRun.start(ChatTalker.class, List.of(), at.getHostString(),
                        String.valueOf(at.getPort()))) {
                    jvm.awaitLine(line -> line.startsWith("joined "), WAIT);
                    talker = Long.parseLong(jvm.out().get(0).substring("joined ".length()));
                    jvm.kill();
                }
                String left = new ClientId(talker) + " " + ClientEvent.Change.DISCONNECTED;
                awaitLine(run, room, left);
                clients.get(0).send("after the kill");
                for (int i = 0; i < MEMBERS; i++) {
                    Said s;
                    do {
                        s = clients.get(i).receive(WAIT).orElseThrow(() -> new AssertionError("the room went quiet"));
                    } while (!s.text().equals("after the kill"));
                    assertEquals(ids[0], s.from());
                }
            } finally {
                clients.forEach(ExternalClient::close);
            }
        }
    }

    /** Waits until the room has printed {@code line}. */
    private static void awaitLine(FlowRun run, Process<Chat.Room> room, String line) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!run.deployment().stdout(room).contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the room did not print \"" + line + "\" within " + WAIT + "; it printed "
                        + run.deployment().stdout(room));
            }
            Thread.sleep(20);
        }
    }
}
