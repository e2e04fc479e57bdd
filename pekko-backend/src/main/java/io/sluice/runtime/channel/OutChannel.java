package io.sluice.runtime.channel;

import io.sluice.runtime.wire.ElementCodec;
import io.sluice.runtime.wire.LocalBatch;
import io.sluice.runtime.wire.OperatorMessage;
import io.sluice.runtime.wire.WireMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending end of one channel, with credit-based flow control: at most {@code window}
 * batches are in flight (sent, not yet acknowledged); the rest wait in {@code pending}. Sent
 * batches stay in {@code unacked} until acknowledged, so that they could be sent again to a
 * member that failed over. Remote batches are encoded here, once, and split when their encoding
 * would not fit in one Artery frame.
 *
 * <p>When the target leaves the flow early, the channel is {@linkplain #abandon abandoned}: what
 * was not acknowledged is counted as possibly lost, and what is offered afterwards is dropped
 * and counted.
 *
 * <p>Acks are coalesced: only every {@link #ackEvery(int)}-th batch (a quarter of the window)
 * asks to be acknowledged when processed, and the end of the channel asks for the rest; an ack
 * covers every batch up to its number.
 */
public final class OutChannel {

    private final ChannelTarget target;
    private final int port;
    private final int sender;
    private final boolean remote;
    private final int window;
    private final int maxBytes;
    private final int ackEvery;
    private final ElementCodec codec;

    private final ArrayDeque<OperatorMessage> pending = new ArrayDeque<>();
    private final ArrayDeque<OperatorMessage> unacked = new ArrayDeque<>();
    private long lastAssignedSeq;
    private long lastSentSeq;
    private long ackedSeq;
    private boolean endRequested;
    private boolean endSent;
    private boolean gone;
    private long dropped;

    /** A channel whose remote batches carry the built-in value types, records and enums ({@link ElementCodec#standard()}). */
    public OutChannel(ChannelTarget target, int port, int sender, boolean remote, int window, int maxBytes) {
        this(target, port, sender, remote, window, maxBytes, ElementCodec.standard());
    }

    public OutChannel(ChannelTarget target, int port, int sender, boolean remote, int window, int maxBytes,
                      ElementCodec codec) {
        this.codec = codec;
        this.target = target;
        this.port = port;
        this.sender = sender;
        this.remote = remote;
        this.window = window;
        this.maxBytes = maxBytes;
        this.ackEvery = ackEvery(window);
    }

    /** How many batches one ack request covers: a quarter of the window (at least 1). */
    public static int ackEvery(int window) {
        return Math.max(1, window / 4);
    }

    /** Queues {@code elements} (the channel owns the array from now on) and sends what credit allows. */
    void offer(Object[] elements) {
        offer(elements, false);
    }

    /**
     * As {@link #offer(Object[])}; when {@code tickEnd}, the batch (possibly empty) also closes
     * the current tick on this channel, which must then be local.
     */
    void offer(Object[] elements, boolean tickEnd) {
        checkOpen();
        if (gone) {
            dropped += elements.length;
            return;
        }
        if (remote && tickEnd) {
            throw new IllegalStateException("a tick marker cannot cross the network: ticks are local to a member");
        }
        if (remote) {
            enqueue(encode(elements));
        } else {
            long seq = ++lastAssignedSeq;
            pending.add(new LocalBatch(port, sender, seq, elements, requestsAck(seq), tickEnd));
        }
        flush();
    }

    /**
     * Queues snapshot {@code snapshot}'s barrier after every batch offered so far; it goes out
     * as soon as they have, and takes no credit. Dropped when the target left.
     */
    void offerBarrier(long snapshot) {
        checkOpen();
        if (gone) {
            return;
        }
        pending.add(new WireMessage.Barrier(port, sender, snapshot));
        flush();
    }

    /** Whether the target is in another ActorSystem (batches are encoded). */
    boolean isRemote() {
        return remote;
    }

    /**
     * The payloads of {@code elements} for a remote channel: one, or several when the encoding
     * would not fit in one Artery frame. Channels of one edge may share them (nobody writes into them).
     */
    byte[][] encode(Object[] elements) {
        ArrayList<byte[]> parts = new ArrayList<>(1);
        encode(elements, 0, elements.length, parts);
        return parts.toArray(new byte[0][]);
    }

    /** Queues payloads from {@link #encode} and sends what credit allows. */
    void offerEncoded(byte[][] payloads) {
        checkOpen();
        if (gone) {
            for (byte[] payload : payloads) {
                dropped += ElementCodec.count(payload);
            }
            return;
        }
        enqueue(payloads);
        flush();
    }

    private void checkOpen() {
        if (endRequested) {
            throw new IllegalStateException("batch offered after the end of the channel");
        }
    }

    private void enqueue(byte[][] payloads) {
        for (byte[] payload : payloads) {
            long seq = ++lastAssignedSeq;
            pending.add(new WireMessage.Batch(port, sender, seq, payload, requestsAck(seq)));
        }
    }

    /**
     * Whether batch {@code seq} asks to be acknowledged as soon as it is processed; the receiver
     * may hold the acks of the others (an ack covers every batch up to its number). Every
     * {@code ackEvery}-th batch asks, and {@code ackEvery <= window}, so whenever the window is
     * full one of the batches in flight asks: a sender never waits for an ack nobody sends.
     */
    private boolean requestsAck(long seq) {
        return seq % ackEvery == 0;
    }

    private void encode(Object[] elements, int from, int to, List<byte[]> out) {
        byte[] payload = codec.encode(elements, from, to);
        if (payload.length > maxBytes && to - from > 1) {
            int mid = (from + to) >>> 1;
            encode(elements, from, mid, out);
            encode(elements, mid, to, out);
            return;
        }
        if (payload.length > maxBytes) {
            throw new IllegalStateException("one element encodes to " + payload.length + " bytes, more than the "
                    + maxBytes + " allowed in a batch (sluice.batch.max-bytes); raise it together with "
                    + "pekko.remote.artery.advanced.maximum-frame-size");
        }
        out.add(payload);
    }

    /** No more batches: End follows the last one once it is sent. */
    public void requestEnd() {
        endRequested = true;
        flush();
    }

    /**
     * The target left the flow: nothing more goes to it. Returns how many elements it had not
     * acknowledged (queued or in flight), which may be lost.
     */
    long abandon() {
        if (gone) {
            return 0;
        }
        gone = true;
        long unacknowledged = 0;
        for (OperatorMessage batch : pending) {
            if (!(batch instanceof WireMessage.Barrier)) {
                unacknowledged += elementsOf(batch);
            }
        }
        for (OperatorMessage batch : unacked) {
            unacknowledged += elementsOf(batch);
        }
        pending.clear();
        unacked.clear();
        return unacknowledged;
    }

    /** How many batches were offered on the channel, sent or waiting for credit. */
    long assigned() {
        return lastAssignedSeq;
    }

    /** Whether the target left the flow. */
    boolean isGone() {
        return gone;
    }

    /** How many elements were offered after the target left, and dropped. */
    long dropped() {
        return dropped;
    }

    /** The receiver processed every batch up to {@code seq}. */
    public void onAck(long seq) {
        if (gone) {
            return;
        }
        while (!unacked.isEmpty() && seqOf(unacked.peekFirst()) <= seq) {
            unacked.pollFirst();
        }
        ackedSeq = Math.max(ackedSeq, seq);
        flush();
    }

    /** Whether everything offered has been sent (nothing waits for credit). */
    boolean isIdle() {
        return pending.isEmpty();
    }

    /** Whether the channel has sent its end and every batch was acknowledged (or the target left). */
    public boolean isDrained() {
        return gone || (endSent && unacked.isEmpty());
    }

    private void flush() {
        if (gone) {
            return;
        }
        while (!pending.isEmpty()) {
            OperatorMessage batch = pending.peekFirst();
            if (batch instanceof WireMessage.Barrier) {
                target.tell(pending.pollFirst());
                continue;
            }
            if (lastSentSeq - ackedSeq >= window) {
                break;
            }
            pending.pollFirst();
            lastSentSeq = seqOf(batch);
            unacked.addLast(batch);
            target.tell(batch);
        }
        if (endRequested && !endSent && pending.isEmpty()) {
            endSent = true;
            target.tell(new WireMessage.End(port, sender, lastSentSeq));
        }
    }

    private static int elementsOf(OperatorMessage batch) {
        if (batch instanceof LocalBatch b) {
            return b.elements().length;
        }
        return ElementCodec.count(((WireMessage.Batch) batch).payload());
    }

    private static long seqOf(OperatorMessage batch) {
        if (batch instanceof LocalBatch b) {
            return b.seq();
        }
        return ((WireMessage.Batch) batch).seq();
    }
}
