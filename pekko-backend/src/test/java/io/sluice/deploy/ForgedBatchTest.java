package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import io.sluice.forged.Payload;
import io.sluice.forged.PayloadLong;
import io.sluice.runtime.TrapFlag;
import io.sluice.runtime.wire.ElementCodec;
import io.sluice.runtime.wire.WireMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Nothing from the network is trusted: an ActorSystem that never joined the cluster sends batches
 * to a running flow's workers through wildcard selections, naming {@code java.io.FileOutputStream}
 * and a class whose initializer would betray that it was built. Both are dropped before any such
 * class is initialized, each with a WARN; the flow then completes with its exact result.
 */
class ForgedBatchTest {

    @Test
    void forgedBatchesFromANonMemberAreDroppedBeforeTheirClassesAreBuiltAndTheFlowIsExact() throws Exception {
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        Logger actorLog = (Logger) LoggerFactory.getLogger("io.sluice.runtime.actor");
        actorLog.addAppender(warnings);
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
        try (GatedPipeline flow = new GatedPipeline(10_000, seed, worker0, worker1, ConfigFactory.empty())) {
            // Every operator of a worker, whatever its path below the sharding region; one batch per
            // worker, as each operator warns once per sender.
            var atWorker0 = attacker.classicSystem().actorSelection("pekko://sluice@127.0.0.1:" + worker0
                    + "/system/sharding/*/*/*/*");
            var atWorker1 = attacker.classicSystem().actorSelection("pekko://sluice@127.0.0.1:" + worker1
                    + "/system/sharding/*/*/*/*");
            byte[] fileOutputStream = forge(new Payload("/tmp/sluice-forged"), Payload.class, "java.io.FileOutputStream");
            byte[] trap = forge(new PayloadLong("/tmp/sluice-forged"), PayloadLong.class, "io.sluice.runtime.TrapRecord");
            awaitWarning(warnings, m -> m.contains("java.io.FileOutputStream"), () ->
                    atWorker0.tell(new WireMessage.Batch(0, 0, 1, fileOutputStream, true),
                            org.apache.pekko.actor.ActorRef.noSender()));
            awaitWarning(warnings, m -> m.contains("io.sluice.runtime.TrapRecord"), () ->
                    atWorker1.tell(new WireMessage.Batch(0, 0, 1, trap, true),
                            org.apache.pekko.actor.ActorRef.noSender()));
            assertFalse(TrapFlag.FLAG.get(), "the class a forged batch named was never initialized");
            flow.openAndAssertExact();
        } finally {
            actorLog.detachAppender(warnings);
            attacker.terminate();
        }
        assertFalse(TrapFlag.FLAG.get(), "the class a forged batch named was never initialized");
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

    /**
     * Sends (again, as the selection reaches the worker only once its operators exist) until a
     * WARN matching {@code matches} is logged, within 60 s.
     */
    private static void awaitWarning(ListAppender<ILoggingEvent> warnings, Predicate<String> matches, Runnable send)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            send.run();
            for (int i = 0; i < 10; i++) {
                synchronized (warnings.list) {
                    if (warnings.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                            && matches.test(e.getFormattedMessage()))) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        synchronized (warnings.list) {
            throw new AssertionError("no matching WARN within 60 s; warnings: "
                    + warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        }
    }

}
