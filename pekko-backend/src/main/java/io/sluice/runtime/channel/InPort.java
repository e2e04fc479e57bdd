package io.sluice.runtime.channel;

import java.util.Arrays;

/**
 * The receiving end of one input port: one channel per sender, each with its expected next
 * sequence number. Duplicates (a batch sent again) are dropped; a gap means a batch was lost,
 * which is a fault to report, never to skip.
 *
 * <p>It also keeps the acks owed to each sender. Acks are cumulative and coalesced: a batch
 * that asks for its ack ({@code ackRequested}, every few batches of a channel; see
 * {@link OutChannel}) makes the ack due, and so does the end of the channel; the batches in
 * between are covered by the next due ack.
 *
 * <p>A sender that left the flow early ({@link #drop}) counts as ended where it stands; what
 * still arrives from it is refused, and nothing is owed to it.
 */
public final class InPort {

    private final long[] nextSeq;
    private final boolean[] ended;
    private final long[] owed;
    private final boolean[] due;
    private final boolean[] gone;
    private int endedCount;

    public InPort(int senders) {
        nextSeq = new long[senders];
        Arrays.fill(nextSeq, 1);
        ended = new boolean[senders];
        owed = new long[senders];
        due = new boolean[senders];
        gone = new boolean[senders];
    }

    /**
     * Whether batch {@code seq} from {@code sender} is the next one (to process) rather than a
     * duplicate or a batch from a sender that left (to drop).
     *
     * @throws ChannelFault when batches were lost before it
     */
    public boolean accept(int sender, long seq) {
        return accept(sender, seq, true);
    }

    /**
     * {@link #accept(int, long)}, and for an accepted batch records that its ack is owed, due
     * now if {@code ackRequested}.
     */
    public boolean accept(int sender, long seq, boolean ackRequested) {
        if (seq < nextSeq[sender] || gone[sender]) {
            return false;
        }
        if (seq > nextSeq[sender]) {
            throw new ChannelFault("batches " + nextSeq[sender] + ".." + (seq - 1) + " from sender " + sender
                    + " never arrived (batch " + seq + " did)");
        }
        nextSeq[sender]++;
        owed[sender] = seq;
        due[sender] |= ackRequested;
        return true;
    }

    /**
     * Marks {@code sender} as finished after {@code lastSeq}; returns whether every sender now is.
     *
     * @throws ChannelFault when batches before the end were lost
     */
    public boolean end(int sender, long lastSeq) {
        if (gone[sender]) {
            return isComplete();
        }
        if (lastSeq != nextSeq[sender] - 1) {
            throw new ChannelFault("sender " + sender + " ended after batch " + lastSeq + " but only batches up to "
                    + (nextSeq[sender] - 1) + " arrived");
        }
        if (!ended[sender]) {
            ended[sender] = true;
            endedCount++;
        }
        due[sender] = owed[sender] > 0;
        return isComplete();
    }

    /**
     * The ack due to {@code sender} (the last processed batch's number), or 0 if none is due;
     * it is then no longer owed.
     */
    public long takeDueAck(int sender) {
        if (!due[sender]) {
            return 0;
        }
        long seq = owed[sender];
        owed[sender] = 0;
        due[sender] = false;
        return seq;
    }

    /**
     * {@code sender} left the flow: its channel ends where it stands, and it is owed no ack.
     * Returns whether the channel was still open (so whatever the sender had not sent yet is lost).
     */
    public boolean drop(int sender) {
        gone[sender] = true;
        boolean open = !ended[sender];
        if (open) {
            ended[sender] = true;
            endedCount++;
        }
        owed[sender] = 0;
        due[sender] = false;
        return open;
    }

    /**
     * Ends every sender's channel now, where it stands (a quiescent loop's back edge): acks still
     * owed are paid, and a later end from the sender, after nothing more, is accepted.
     */
    public void endAll() {
        for (int s = 0; s < ended.length; s++) {
            if (!ended[s]) {
                ended[s] = true;
                endedCount++;
                due[s] = owed[s] > 0;
            }
        }
    }

    /** How many batches were accepted from {@code sender}. */
    public long acceptedFrom(int sender) {
        return nextSeq[sender] - 1;
    }

    /** How many batches were accepted from the senders that have not left. */
    public long acceptedFromLiveSenders() {
        long accepted = 0;
        for (int s = 0; s < nextSeq.length; s++) {
            if (!gone[s]) {
                accepted += nextSeq[s] - 1;
            }
        }
        return accepted;
    }

    /** Whether {@code sender}'s channel has ended (or the sender left the flow). */
    public boolean hasEnded(int sender) {
        return ended[sender];
    }

    /** Whether {@code sender} left the flow. */
    public boolean isGone(int sender) {
        return gone[sender];
    }

    /** How many senders the port has. */
    public int senders() {
        return nextSeq.length;
    }

    /** Whether every sender has ended. */
    public boolean isComplete() {
        return endedCount == ended.length;
    }

    /** A lost or misordered batch: data would be lost if the flow went on. */
    static final class ChannelFault extends RuntimeException {
        ChannelFault(String message) {
            super(message);
        }
    }
}
