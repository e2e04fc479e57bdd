package io.sluice.runtime;

import java.util.Arrays;

/**
 * The receiving end of one input port: one channel per sender, each with its expected next
 * sequence number. Duplicates (a batch sent again) are dropped; a gap means a batch was lost,
 * which is a fault to report, never to skip.
 */
final class InPort {

    private final long[] nextSeq;
    private final boolean[] ended;
    private int endedCount;

    InPort(int senders) {
        nextSeq = new long[senders];
        Arrays.fill(nextSeq, 1);
        ended = new boolean[senders];
    }

    /**
     * Whether batch {@code seq} from {@code sender} is the next one (to process) rather than a
     * duplicate (to drop).
     *
     * @throws ChannelFault when batches were lost before it
     */
    boolean accept(int sender, long seq) {
        if (seq < nextSeq[sender]) {
            return false;
        }
        if (seq > nextSeq[sender]) {
            throw new ChannelFault("batches " + nextSeq[sender] + ".." + (seq - 1) + " from sender " + sender
                    + " never arrived (batch " + seq + " did)");
        }
        nextSeq[sender]++;
        return true;
    }

    /**
     * Marks {@code sender} as finished after {@code lastSeq}; returns whether every sender now is.
     *
     * @throws ChannelFault when batches before the end were lost
     */
    boolean end(int sender, long lastSeq) {
        if (lastSeq != nextSeq[sender] - 1) {
            throw new ChannelFault("sender " + sender + " ended after batch " + lastSeq + " but only batches up to "
                    + (nextSeq[sender] - 1) + " arrived");
        }
        if (!ended[sender]) {
            ended[sender] = true;
            endedCount++;
        }
        return isComplete();
    }

    /** Whether every sender has ended. */
    boolean isComplete() {
        return endedCount == ended.length;
    }

    /** A lost or misordered batch: data would be lost if the flow went on. */
    static final class ChannelFault extends RuntimeException {
        ChannelFault(String message) {
            super(message);
        }
    }
}
