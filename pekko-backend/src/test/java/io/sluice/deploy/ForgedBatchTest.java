package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import io.sluice.forged.Payload;
import io.sluice.forged.PayloadLong;
import io.sluice.runtime.TrapFlag;
import io.sluice.runtime.wire.ElementCodec;
import io.sluice.runtime.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Only members are heard: an ActorSystem that never joined the cluster sends what would hurt a
 * running flow's workers through wildcard selections, once the flow is wired and before its source
 * starts: the channel's first batch (sequence number 1, elements that decode), its end, an ack,
 * and batches naming {@code java.io.FileOutputStream} and a class whose initializer would betray
 * that it was built. Each node refuses all of them before any actor sees them, with one WARN
 * naming the non-member's address; no operator ever logs one, no such class is initialized, and
 * the flow then completes with its exact result.
 */
class ForgedBatchTest {

    private static final int FORGED_PER_WORKER = 4;

    @Test
    void aNonMembersForgedMessagesNeverReachTheOperatorsAndTheFlowIsExact() throws Exception {
        ListAppender<ILoggingEvent> operatorLog = appender("io.sluice.runtime.actor");
        ListAppender<ILoggingEvent> gateLog = appender("io.sluice.runtime.node.MemberGate");
        Logger gate = (Logger) LoggerFactory.getLogger("io.sluice.runtime.node.MemberGate");
        Level gateLevel = gate.getLevel();
        gate.setLevel(Level.DEBUG); // to count every refusal, not only the WARN
        int seed = FreePorts.next();
        int worker0 = FreePorts.next();
        int worker1 = FreePorts.next();
        ActorSystem<Void> attacker = ActorSystem.create(Behaviors.empty(), "attacker", ConfigFactory.parseString("""
                pekko.actor.provider = remote
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.loglevel = ERROR
                include classpath("sluice-embedding.conf")
                """).withFallback(ConfigFactory.load()));
        String origin = attacker.address().toString();
        try (GatedPipeline flow = new GatedPipeline(10_000, seed, worker0, worker1, ConfigFactory.empty())) {
            flow.awaitDeployed(Duration.ofSeconds(60)); // every operator is wired; the source waits
            byte[] firstBatch = ElementCodec.standard().encode(new Object[] {42L}, 0, 1);
            byte[] fileOutputStream = forge(new Payload("/tmp/sluice-forged"), Payload.class, "java.io.FileOutputStream");
            byte[] trap = forge(new PayloadLong("/tmp/sluice-forged"), PayloadLong.class, "io.sluice.runtime.TrapRecord");
            for (int worker : new int[] {worker0, worker1}) {
                // Every operator of a worker, whatever its path below the sharding region.
                var operators = attacker.classicSystem().actorSelection("pekko://sluice@127.0.0.1:" + worker
                        + "/system/sharding/*/*/*/*");
                var noSender = org.apache.pekko.actor.ActorRef.noSender();
                operators.tell(new WireMessage.Batch(0, 0, 1, firstBatch, true), noSender);
                operators.tell(new WireMessage.End(0, 0, 0), noSender);
                operators.tell(new WireMessage.Ack(0, 0, 1), noSender);
                operators.tell(new WireMessage.Batch(0, 0, 1, worker == worker0 ? fileOutputStream : trap, true),
                        noSender);
            }
            awaitRefusals(gateLog, origin, 2 * FORGED_PER_WORKER);
            assertEquals(2, events(gateLog, Level.WARN, origin).size(),
                    "one WARN per node names the non-member's address: " + events(gateLog, Level.WARN, origin));
            assertEquals(List.of(), events(operatorLog, Level.WARN, ""), "no forged message reached an operator");
            assertFalse(TrapFlag.FLAG.get(), "the class a forged batch named was never initialized");
            flow.openAndAssertExact();
        } finally {
            ((Logger) LoggerFactory.getLogger("io.sluice.runtime.actor")).detachAppender(operatorLog);
            gate.detachAppender(gateLog);
            gate.setLevel(gateLevel);
            attacker.terminate();
        }
        assertFalse(TrapFlag.FLAG.get(), "the class a forged batch named was never initialized");
    }

    private static ListAppender<ILoggingEvent> appender(String logger) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
        return appender;
    }

    /** The messages at {@code level} that contain {@code text}. */
    private static List<String> events(ListAppender<ILoggingEvent> appender, Level level, String text) {
        synchronized (appender.list) {
            return appender.list.stream().filter(e -> e.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
        }
    }

    /** Waits, at most 30 s, until the nodes have refused {@code count} messages from {@code origin}. */
    private static void awaitRefusals(ListAppender<ILoggingEvent> gateLog, String origin, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (refusals(gateLog, origin) < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, refusals(gateLog, origin), "every forged message refused at the gate, once");
    }

    private static long refusals(ListAppender<ILoggingEvent> gateLog, String origin) {
        synchronized (gateLog.list) {
            return gateLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("refused") && m.contains(origin)).count();
        }
    }

    /**
     * The batch a legitimate sender would send for {@code element}, with its class name replaced
     * by {@code target} (of the same length): what an attacker who read the format would send.
     */
    private static byte[] forge(Object element, Class<?> type, String target) {
        byte[] bytes = ElementCodec.standard().encode(new Object[] {element}, 0, 1);
        byte[] name = type.getName().getBytes(StandardCharsets.UTF_8);
        byte[] replacement = target.getBytes(StandardCharsets.UTF_8);
        assertEquals(name.length, replacement.length, "the forged name replaces one of the same length");
        for (int i = 0; i + name.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
                System.arraycopy(replacement, 0, bytes, i, replacement.length);
                return bytes;
            }
        }
        throw new AssertionError("the encoded batch does not name " + type.getName());
    }
}
