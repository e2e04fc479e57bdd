package io.sluice.runtime.wire;

/**
 * The data plane: batches, their end, and the acknowledgements that grant credit. These cross
 * the network between members and are written by {@link WireSerializer}, not by Jackson: they
 * are the hot path.
 *
 * <p>A channel joins one output edge of a producer actor (edge index, target index) to one input
 * port of a consumer actor (port index, sender index). Both ends know the other's coordinates
 * from the plan, so a message names only the receiver's side.
 */
public sealed interface WireMessage extends OperatorMessage permits WireMessage.Batch, WireMessage.End, WireMessage.Ack,
        WireMessage.Barrier {

    /**
     * Elements for input {@code port} of the receiver, from its sender number {@code sender},
     * encoded by {@link ElementCodec}. Sequence numbers start at 1 and grow by one per batch on
     * each channel. {@code ackRequested}: the receiver should acknowledge it as soon as it is
     * processed (otherwise it may hold the ack until a later batch or the end asks).
     */
    record Batch(int port, int sender, long seq, byte[] payload, boolean ackRequested) implements WireMessage {

        /** A batch that asks for its ack. */
        Batch(int port, int sender, long seq, byte[] payload) {
            this(port, sender, seq, payload, true);
        }
    }

    /** The sender will send nothing more on this channel; {@code lastSeq} is its last batch's number (0 if none). */
    record End(int port, int sender, long lastSeq) implements WireMessage {
    }

    /**
     * For the producer: every batch up to {@code seq} on the channel of out-edge {@code edge} to
     * target {@code target} was processed, which frees that much credit.
     */
    record Ack(int edge, int target, long seq) implements WireMessage {
    }

    /**
     * Snapshot {@code snapshot}'s barrier on this channel: the batches before it are in the
     * snapshot, those after it are not. It travels in order with the batches and takes no
     * credit; the receiver holds what follows it on this channel until the barrier has come on
     * every channel of its inputs, then snapshots its state and passes the barrier on.
     */
    record Barrier(int port, int sender, long snapshot) implements WireMessage {
    }
}
