package io.sluice.runtime.actor;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.spi.MemberContext;
import io.sluice.plan.FlowPlan;
import io.sluice.runtime.scope.MemberConsole;
import io.sluice.runtime.scope.MemberScope;
import io.sluice.runtime.wire.ElementCodec;
import io.sluice.runtime.wire.LocalBatch;
import io.sluice.runtime.wire.OperatorMessage;
import io.sluice.runtime.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote batches that fail the channel check, or whose payload does not decode, are dropped and
 * logged at WARN once per sender: the flow goes on, and the next good batch is processed.
 */
class WireBatchScreenTest {

    static final class P {
    }

    private static ActorTestKit testKit;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger logger;

    @BeforeAll
    static void start() {
        testKit = LocalTestKit.create();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void holdLogs() {
        logger = (Logger) LoggerFactory.getLogger("io.sluice.runtime.actor");
        logs.setContext(logger.getLoggerContext());
        logs.start();
        logger.addAppender(logs);
        logger.setAdditive(false);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
        logger.setAdditive(true);
        logger.setLevel(null);
        logs.stop();
    }

    private List<ILoggingEvent> events(Level level) {
        synchronized (logs) {
            return logs.list.stream().filter(e -> e.getLevel() == level).toList();
        }
    }

    /** A tagged batch naming {@code className} as its one element's class. */
    private static byte[] naming(String className) {
        byte[] name = className.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[6 + name.length + 1];
        bytes[0] = 2;
        bytes[1] = 1;
        bytes[2] = 5;
        bytes[3] = 14;
        bytes[4] = 0;
        bytes[5] = (byte) name.length;
        System.arraycopy(name, 0, bytes, 6, name.length);
        return bytes;
    }

    /** A map (x -> x * 10) actor with one port of one sender, wired to probes. */
    private record Rig(ActorRef<OperatorMessage> op, TestProbe<OperatorMessage> upstream,
                       TestProbe<OperatorMessage> downstream, TestProbe<MemberMessage> member) {
    }

    private static Rig rig() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        p.sourceIter(List.of(1)).map(x -> x * 10).forEach(x -> { });
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1));
        RuntimeSettings settings = new RuntimeSettings(4, 8, 64 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1));
        MemberScope scope = new MemberScope(new MemberContext(0, 0, List.of(1)), new MemberConsole("", System.out, 100));
        TestProbe<OperatorMessage> upstream = testKit.createTestProbe();
        TestProbe<OperatorMessage> downstream = testKit.createTestProbe();
        TestProbe<MemberMessage> member = testKit.createTestProbe();
        ActorRef<OperatorMessage> op = testKit.spawn(
                OperatorActor.create(plan.operators().get(1), plan.sizes(), 0, scope, settings, member.getRef(), 0));
        op.tell(new OperatorControl.Connect(List.of(List.of(downstream.getRef())), List.of(List.of(upstream.getRef())),
                Optional.empty()));
        return new Rig(op, upstream, downstream, member);
    }

    @Test
    void batchesFailingTheCheckOrTheDecodeAreDroppedAndTheFlowGoesOn() {
        Rig r = rig();
        ActorRef<OperatorMessage> op = r.op();
        TestProbe<OperatorMessage> upstream = r.upstream();
        TestProbe<OperatorMessage> downstream = r.downstream();
        TestProbe<MemberMessage> member = r.member();
        byte[] good = ElementCodec.standard().encode(new Object[] {1, 2}, 0, 2);

        op.tell(new WireMessage.Batch(7, 0, 1, good, true));
        op.tell(new WireMessage.Batch(0, 3, 1, good, true));
        op.tell(new WireMessage.Batch(0, 0, 0, good, true));
        op.tell(new WireMessage.Batch(0, 0, 1, naming("java.io.FileOutputStream"), true));
        op.tell(new WireMessage.Batch(0, 0, 1, Arrays.copyOf(good, good.length - 1), true));
        op.tell(new WireMessage.Batch(0, 0, 1, new byte[] {2, 1, 5, 99}, true));
        op.tell(new WireMessage.Batch(0, 0, 1, good, true));

        LocalBatch out = downstream.expectMessageClass(LocalBatch.class);
        assertArrayEquals(new Object[] {10, 20}, out.elements(), "the good batch after the bad ones is processed");
        assertEquals(new WireMessage.Ack(0, 0, 1), upstream.expectMessageClass(WireMessage.Ack.class));
        member.expectNoMessage(Duration.ofMillis(200));

        List<String> warnings = events(Level.WARN).stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(2, warnings.size(), "once for the unknown channel, once for the sender: " + warnings);
        assertTrue(warnings.get(0).contains("no input port 7"), warnings.get(0));
        String sender = upstream.getRef().path().address().toString();
        assertTrue(warnings.get(1).contains("at " + sender), warnings.get(1));
        assertTrue(warnings.get(1).contains("sequence number 0"), warnings.get(1));
        List<String> debug = events(Level.DEBUG).stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(debug.stream().anyMatch(m -> m.contains("java.io.FileOutputStream") && m.contains("never decoded")),
                debug.toString());
        assertTrue(debug.stream().anyMatch(m -> m.contains("truncated")), debug.toString());
        assertTrue(debug.stream().anyMatch(m -> m.contains("unknown element tag 99") && m.contains("6 dropped so far")),
                debug.toString());
    }

    @Test
    void aDeniedClassIsWarnedNamingTheClassAndTheSender() {
        Rig r = rig();
        ActorRef<OperatorMessage> op = r.op();
        TestProbe<OperatorMessage> upstream = r.upstream();
        TestProbe<OperatorMessage> downstream = r.downstream();
        TestProbe<MemberMessage> member = r.member();
        op.tell(new WireMessage.Batch(0, 0, 1, naming("java.io.FileOutputStream"), true));
        op.tell(new WireMessage.Batch(0, 0, 1, ElementCodec.standard().encode(new Object[] {3}, 0, 1), true));
        assertArrayEquals(new Object[] {30}, downstream.expectMessageClass(LocalBatch.class).elements());
        member.expectNoMessage(Duration.ofMillis(100));
        List<String> warnings = events(Level.WARN).stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("java.io.FileOutputStream"), warnings.get(0));
        assertTrue(warnings.get(0).contains(upstream.getRef().path().address().toString()), warnings.get(0));
    }

    @Test
    void endsAndAcksNamingNoChannelAreDroppedAndTheFlowGoesOn() {
        Rig r = rig();
        r.op().tell(new WireMessage.End(7, 0, 3));
        r.op().tell(new WireMessage.End(0, 5, 3));
        r.op().tell(new WireMessage.End(0, 0, -1));
        r.op().tell(new WireMessage.Ack(4, 0, 1));
        r.op().tell(new WireMessage.Ack(0, 9, 1));
        r.op().tell(new WireMessage.Batch(0, 0, 1, ElementCodec.standard().encode(new Object[] {4}, 0, 1), true));
        assertArrayEquals(new Object[] {40}, r.downstream().expectMessageClass(LocalBatch.class).elements(),
                "the operator goes on after hostile ends and acks");
        r.member().expectNoMessage(Duration.ofMillis(100));
        List<String> all = new java.util.ArrayList<>(events(Level.WARN).stream().map(ILoggingEvent::getFormattedMessage)
                .toList());
        all.addAll(events(Level.DEBUG).stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertTrue(all.stream().anyMatch(m -> m.contains("the end of a channel for port 7") && m.contains("no input port 7")),
                all.toString());
        assertTrue(all.stream().anyMatch(m -> m.contains("has no sender 5")), all.toString());
        assertTrue(all.stream().anyMatch(m -> m.contains("last sequence number -1")), all.toString());
        assertTrue(all.stream().anyMatch(m -> m.contains("an ack for edge 4, target 0")), all.toString());
        assertTrue(all.stream().anyMatch(m -> m.contains("an ack for edge 0, target 9") && m.contains("5 dropped so far")),
                all.toString());
    }
}
