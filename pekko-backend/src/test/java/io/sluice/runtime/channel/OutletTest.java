package io.sluice.runtime.channel;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.ir.Origin;
import io.sluice.plan.EdgeKind;
import io.sluice.runtime.actor.LocalTestKit;
import io.sluice.runtime.wire.ElementCodec;
import io.sluice.runtime.wire.LocalBatch;
import io.sluice.runtime.wire.OperatorMessage;
import io.sluice.runtime.wire.WireMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batching and routing of an operator's output: round robin and demux fill a batch per target,
 * round robin keeps element {@code i} -> target {@code i % n} across batch boundaries, and
 * whatever is buffered goes out on a flush.
 */
class OutletTest {

    private static final int MAX_BATCH = 4;
    private static final Origin ORIGIN = new Origin("roundRobin", "OutletTest.java:1");
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = LocalTestKit.create();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private record Rig(Outlet outlet, List<TestProbe<OperatorMessage>> targets) {

        /** The next {@code count} batches target {@code t} receives. */
        List<Object[]> batches(int t, int count) {
            List<Object[]> out = new ArrayList<>();
            for (OperatorMessage m : targets.get(t).receiveSeveralMessages(count, Duration.ofSeconds(3))) {
                if (!(m instanceof LocalBatch b)) {
                    throw new AssertionError("expected a batch, got " + m);
                }
                out.add(b.elements());
            }
            return out;
        }
    }

    private static Rig rig(EdgeKind kind, int targets, int window) {
        List<TestProbe<OperatorMessage>> probes = new ArrayList<>();
        OutChannel[] channels = new OutChannel[targets];
        for (int t = 0; t < targets; t++) {
            probes.add(testKit.createTestProbe());
            channels[t] = new OutChannel(probes.get(t).getRef()::tell, 0, 0, false, window, 64 * 1024);
        }
        Outlet.OutEdge edge = new Outlet.OutEdge(kind, 1, ORIGIN, channels);
        return new Rig(new Outlet(ORIGIN, new Outlet.OutEdge[] {edge}, MAX_BATCH), probes);
    }

    @Test
    void roundRobinFillsABatchPerTargetAndKeepsElementIOnTargetIModN() {
        Rig r = rig(EdgeKind.ROUND_ROBIN, 3, 100);
        assertEquals(3 * MAX_BATCH, r.outlet().pullSize(), "a source reads a full batch for every target");
        // 0..4 then a flush (a cut in the middle of a round), then 5..29 with emit and emitAll mixed
        for (int i = 0; i < 5; i++) {
            r.outlet().emit(i);
        }
        r.outlet().flush();
        for (int i = 5; i < 17; i++) {
            r.outlet().emit(i);
        }
        Object[] rest = new Object[13];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = 17 + i;
        }
        r.outlet().emitAll(rest);
        r.outlet().flush();

        for (int t = 0; t < 3; t++) {
            // first flush: [0 3] [1 4] [2]; then 5..29: two full batches each, and [29] on the last flush
            List<Object[]> batches = r.batches(t, t == 2 ? 4 : 3);
            List<Object> got = new ArrayList<>();
            for (Object[] b : batches) {
                assertTrue(b.length >= 1 && b.length <= MAX_BATCH, "batch of " + b.length);
                got.addAll(List.of(b));
            }
            List<Object> expected = new ArrayList<>();
            for (int i = t; i < 30; i += 3) {
                expected.add(i);
            }
            assertEquals(expected, got, "elements of target " + t);
            r.targets().get(t).expectNoMessage(Duration.ofMillis(100));
        }
    }

    @Test
    void roundRobinSendsFullBatchesWithoutAFlush() {
        Rig r = rig(EdgeKind.ROUND_ROBIN, 2, 100);
        for (int i = 0; i < 2 * MAX_BATCH; i++) {
            r.outlet().emit(i);
        }
        assertArrayEquals(new Object[] {0, 2, 4, 6}, r.batches(0, 1).get(0));
        assertArrayEquals(new Object[] {1, 3, 5, 7}, r.batches(1, 1).get(0));
    }

    @Test
    void demuxFillsABatchPerTarget() {
        Rig r = rig(EdgeKind.DEMUX, 2, 100);
        assertEquals(2 * MAX_BATCH, r.outlet().pullSize());
        for (int i = 0; i < 6; i++) {
            r.outlet().emit(KV.of(MemberId.of(1), "b" + i));
        }
        r.outlet().emit(KV.of(MemberId.of(0), "a"));
        r.outlet().flush();
        List<Object[]> one = r.batches(1, 2);
        assertArrayEquals(new Object[] {"b0", "b1", "b2", "b3"}, one.get(0));
        assertArrayEquals(new Object[] {"b4", "b5"}, one.get(1));
        assertArrayEquals(new Object[] {"a"}, r.batches(0, 1).get(0));
    }

    @Test
    void demuxRejectsAMemberOutsideTheCluster() {
        Rig r = rig(EdgeKind.DEMUX, 2, 100);
        Outlet.RoutingException e = assertThrows(Outlet.RoutingException.class,
                () -> r.outlet().emit(KV.of(MemberId.of(2), "x")));
        assertTrue(e.getMessage().contains("members 0..1"), e.getMessage());
    }

    @Test
    void broadcastEncodesABatchOnceForAllRemoteTargets() {
        List<TestProbe<OperatorMessage>> probes = new ArrayList<>();
        OutChannel[] channels = new OutChannel[3];
        for (int t = 0; t < 3; t++) {
            probes.add(testKit.createTestProbe());
            channels[t] = new OutChannel(probes.get(t).getRef()::tell, 0, 0, t > 0, 100, 64 * 1024);
        }
        Outlet outlet = new Outlet(ORIGIN, new Outlet.OutEdge[] {new Outlet.OutEdge(EdgeKind.BROADCAST, 1, ORIGIN, channels)},
                MAX_BATCH);
        outlet.emit(1);
        outlet.emit(2);
        outlet.flush();
        assertArrayEquals(new Object[] {1, 2}, probes.get(0).expectMessageClass(LocalBatch.class).elements());
        byte[] one = probes.get(1).expectMessageClass(WireMessage.Batch.class).payload();
        byte[] two = probes.get(2).expectMessageClass(WireMessage.Batch.class).payload();
        assertSame(one, two, "one encoding shared by the remote targets");
        assertEquals(List.of(1, 2), List.of(ElementCodec.standard().decode(one)));
    }

    @Test
    void aLocalEdgeSendsWhatIsReadyOnFlush() {
        Rig r = rig(EdgeKind.LOCAL, 1, 100);
        assertEquals(MAX_BATCH, r.outlet().pullSize());
        r.outlet().emit(1);
        r.outlet().emit(2);
        r.outlet().flush();
        assertArrayEquals(new Object[] {1, 2}, r.batches(0, 1).get(0));
    }

    @Test
    void aFullWindowHoldsTheNextBatchBackAndMakesTheOutletBusyUntilAnAckLetsItGo() {
        Rig r = rig(EdgeKind.ROUND_ROBIN, 2, 1);
        for (int i = 0; i < 4 * MAX_BATCH; i++) {
            r.outlet().emit(i);
        }
        assertTrue(!r.outlet().isIdle(), "two batches per target with a window of one");
        assertArrayEquals(new Object[] {0, 2, 4, 6}, r.batches(0, 1).get(0));
        assertArrayEquals(new Object[] {1, 3, 5, 7}, r.batches(1, 1).get(0));
        r.targets().get(0).expectNoMessage(Duration.ofMillis(100));
        r.targets().get(1).expectNoMessage(Duration.ZERO);
        r.outlet().onAck(0, 0, 1);
        assertArrayEquals(new Object[] {8, 10, 12, 14}, r.batches(0, 1).get(0), "sent once its window has room");
        assertTrue(!r.outlet().isIdle(), "target 1's second batch still waits");
        r.targets().get(1).expectNoMessage(Duration.ZERO);
        r.outlet().onAck(0, 1, 1);
        assertArrayEquals(new Object[] {9, 11, 13, 15}, r.batches(1, 1).get(0));
        assertTrue(r.outlet().isIdle());
    }

    @Test
    void roundRobinGoesOnFromTheNextLiveTargetWhenOneLeavesAndCountsWhatNobodyIsLeftToTake() {
        Rig r = rig(EdgeKind.ROUND_ROBIN, 3, 100);
        r.outlet().emitAll(new Object[] {0, 1, 2, 3});   // buffered, not sent; target 1 is next
        r.outlet().abandon(1, 1);                         // its unsent 1 is dealt to target 2
        r.outlet().emitAll(new Object[] {4, 5, 6});
        r.outlet().flush();
        assertArrayEquals(new Object[] {0, 3, 4, 6}, r.batches(0, 1).get(0));
        assertArrayEquals(new Object[] {2, 1, 5}, r.batches(2, 1).get(0));
        r.targets().get(1).expectNoMessage(Duration.ofMillis(100));
        assertEquals(0, r.outlet().dropped(), "what was buffered for the departed target is not lost");

        r.outlet().abandon(1, 0);
        r.outlet().abandon(1, 2);
        r.outlet().emitAll(new Object[] {7, 8});
        r.outlet().flush();
        assertEquals(2, r.outlet().dropped(), "with every target gone, what is dealt is dropped and counted");
    }

    @Test
    void aTargetThatLeftIsSkippedByRoundRobinAndBroadcastAndCountedByDemux() {
        Rig rr = rig(EdgeKind.ROUND_ROBIN, 3, 100);
        rr.outlet().emitAll(new Object[] {0, 1, 2});
        rr.outlet().flush();
        for (int t = 0; t < 3; t++) {
            rr.batches(t, 1);
        }
        // nothing acknowledged yet: the departed target's one element may be lost
        assertEquals(1, rr.outlet().abandon(1, 1));
        assertEquals(0, rr.outlet().abandon(1, 1), "abandoned once");
        assertEquals(0, rr.outlet().abandon(2, 0), "another location's member");
        rr.outlet().emitAll(new Object[] {3, 4, 5, 6});
        rr.outlet().flush();
        assertArrayEquals(new Object[] {3, 5}, rr.batches(0, 1).get(0));
        assertArrayEquals(new Object[] {4, 6}, rr.batches(2, 1).get(0));
        rr.targets().get(1).expectNoMessage(Duration.ofMillis(100));
        assertEquals(0, rr.outlet().dropped(), "round robin loses nothing to a departed member");

        Rig broadcast = rig(EdgeKind.BROADCAST, 2, 100);
        broadcast.outlet().abandon(1, 0);
        broadcast.outlet().emitAll(new Object[] {7});
        broadcast.outlet().flush();
        assertArrayEquals(new Object[] {7}, broadcast.batches(1, 1).get(0));
        broadcast.targets().get(0).expectNoMessage(Duration.ofMillis(100));
        assertEquals(0, broadcast.outlet().dropped());

        Rig demux = rig(EdgeKind.DEMUX, 2, 100);
        demux.outlet().abandon(1, 1);
        for (int i = 0; i < 5; i++) {
            demux.outlet().emit(KV.of(MemberId.of(i % 2), i));
        }
        demux.outlet().flush();
        assertArrayEquals(new Object[] {0, 2, 4}, demux.batches(0, 1).get(0));
        demux.targets().get(1).expectNoMessage(Duration.ofMillis(100));
        assertEquals(2, demux.outlet().dropped(), "what was addressed to the departed member is counted");
        demux.outlet().requestEnd();
        assertTrue(demux.targets().get(0).receiveMessage() instanceof WireMessage.End);
        assertTrue(!demux.outlet().isDrained(), "the live target has not acknowledged yet");
        demux.outlet().onAck(0, 0, 1);
        assertTrue(demux.outlet().isDrained(), "an abandoned channel does not hold up the end");
    }
}
