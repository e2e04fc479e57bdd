package io.sluice.runtime.channel;

import io.sluice.runtime.actor.LocalTestKit;
import io.sluice.runtime.wire.LocalBatch;
import io.sluice.runtime.wire.OperatorMessage;
import io.sluice.runtime.wire.WireMessage;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coalesced acks between an {@link OutChannel} and a receiver that keeps its {@link InPort}'s
 * rule (ack only when a batch asks for it, or at the end): whatever the window, a sender whose
 * window is full always has a batch in flight that asks, so it never waits forever, and every
 * batch arrives once, in order.
 */
class AckCoalescingTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = LocalTestKit.create();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void aQuarterOfTheWindowAsksForAnAckAndAtLeastEveryBatchOfASmallWindow() {
        assertEquals(1, OutChannel.ackEvery(1));
        assertEquals(1, OutChannel.ackEvery(2));
        assertEquals(1, OutChannel.ackEvery(3));
        assertEquals(1, OutChannel.ackEvery(4));
        assertEquals(2, OutChannel.ackEvery(9));
        assertEquals(8, OutChannel.ackEvery(32));
    }

    @Test
    void noWindowDeadlocksAReceiverThatAcksOnlyWhenAsked() {
        for (int window : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 32}) {
            for (boolean remote : new boolean[] {false, true}) {
                int acks = run(window, remote, 50);
                // one ack per ackEvery batches, plus the one at the end
                assertTrue(acks <= 50 / OutChannel.ackEvery(window) + 1, "window " + window + ": " + acks + " acks");
            }
        }
    }

    /** Offers {@code batches} at once, then plays the receiver; returns how many acks it sent. */
    private static int run(int window, boolean remote, int batches) {
        TestProbe<OperatorMessage> receiver = testKit.createTestProbe();
        OutChannel channel = new OutChannel(receiver.getRef()::tell, 0, 0, remote, window, 64 * 1024);
        for (int b = 1; b <= batches; b++) {
            channel.offer(new Object[] {b});
        }
        channel.requestEnd();
        InPort port = new InPort(1);
        int acks = 0;
        long received = 0;
        while (true) {
            // A bounded wait: a sender stuck on a full window sends nothing more and this fails.
            OperatorMessage m = receiver.receiveMessage(Duration.ofSeconds(3));
            if (m instanceof WireMessage.End end) {
                assertTrue(port.end(end.sender(), end.lastSeq()));
            } else {
                long seq = m instanceof LocalBatch b ? b.seq() : ((WireMessage.Batch) m).seq();
                boolean asks = m instanceof LocalBatch b ? b.ackRequested() : ((WireMessage.Batch) m).ackRequested();
                assertTrue(port.accept(0, seq, asks), "window " + window + ": batch " + seq + " is a duplicate");
                received++;
            }
            long ack = port.takeDueAck(0);
            if (ack > 0) {
                acks++;
                channel.onAck(ack);
            }
            if (m instanceof WireMessage.End) {
                break;
            }
        }
        assertEquals(batches, received, "window " + window);
        assertTrue(channel.isDrained(), "window " + window + ": every batch acknowledged after the end");
        assertEquals(0, port.takeDueAck(0));
        return acks;
    }

    @Test
    void aBatchThatDoesNotAskLeavesItsAckOwedUntilOneThatAsksOrTheEnd() {
        InPort port = new InPort(2);
        assertTrue(port.accept(1, 1, false));
        assertTrue(port.accept(1, 2, false));
        assertEquals(0, port.takeDueAck(1), "nothing asked yet");
        assertTrue(port.accept(1, 3, true));
        assertEquals(3, port.takeDueAck(1), "one ack covers batches 1..3");
        assertEquals(0, port.takeDueAck(1));
        assertTrue(port.accept(1, 4, false));
        assertFalse(port.end(1, 4));
        assertEquals(4, port.takeDueAck(1), "the end makes the owed ack due");
        assertEquals(0, port.takeDueAck(0), "the other sender is owed nothing");
    }
}
