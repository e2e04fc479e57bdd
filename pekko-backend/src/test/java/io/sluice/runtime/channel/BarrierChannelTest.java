package io.sluice.runtime.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.wire.LocalBatch;
import io.sluice.runtime.wire.OperatorMessage;
import io.sluice.runtime.wire.WireMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A snapshot's barrier on a channel: it goes out after every batch offered before it, never
 * ahead of one waiting for credit, and takes no credit itself.
 */
class BarrierChannelTest {

    @Test
    void aBarrierWaitsBehindTheBatchesOfAFullWindowAndTakesNoCredit() {
        List<OperatorMessage> sent = new ArrayList<>();
        OutChannel channel = new OutChannel(sent::add, 2, 5, false, 2, 64 * 1024);
        channel.offer(new Object[] {1});
        channel.offer(new Object[] {2});
        channel.offer(new Object[] {3});
        channel.offerBarrier(7);
        channel.offer(new Object[] {4});
        assertEquals(2, sent.size(), "the window holds two batches: " + sent);

        channel.onAck(2);
        assertEquals(List.of("batch 3", "barrier 7", "batch 4"), describe(sent.subList(2, sent.size())),
                "the barrier follows batch 3 out, and batch 4 still fits the window after it");
        assertEquals(new WireMessage.Barrier(2, 5, 7), sent.get(3), "it names the receiver's port and sender");
        assertTrue(channel.isIdle());
    }

    @Test
    void theOutletSendsWhatIsBufferedBeforeTheBarrierOnEveryChannel() {
        List<OperatorMessage> first = new ArrayList<>();
        List<OperatorMessage> second = new ArrayList<>();
        Outlet outlet = new Outlet(null, new Outlet.OutEdge[] {
                new Outlet.OutEdge(io.sluice.plan.EdgeKind.LOCAL, 0, null,
                        new OutChannel[] {new OutChannel(first::add, 0, 0, false, 8, 64 * 1024)}),
                new Outlet.OutEdge(io.sluice.plan.EdgeKind.LOCAL, 0, null,
                        new OutChannel[] {new OutChannel(second::add, 1, 0, false, 8, 64 * 1024)})}, 16);
        outlet.emit(1);
        outlet.emit(2);
        outlet.barrier(3);
        for (List<OperatorMessage> channel : List.of(first, second)) {
            assertEquals(List.of("batch 1", "barrier 3"), describe(channel));
            assertEquals(List.of(1, 2), List.of(((LocalBatch) channel.get(0)).elements()));
        }
    }

    private static List<String> describe(List<OperatorMessage> messages) {
        return messages.stream().map(m -> m instanceof WireMessage.Barrier b ? "barrier " + b.snapshot()
                : "batch " + ((LocalBatch) m).seq()).toList();
    }
}
