package io.sluice.runtime.wire;

/**
 * Elements for a consumer in the same ActorSystem: passed by reference, never serialized (there
 * is deliberately no serializer binding for it, so a misrouted one fails loudly).
 *
 * @param ackRequested whether the receiver should acknowledge it as soon as it is processed
 *                     (otherwise it may hold the ack until a later batch or the end asks)
 * @param tickEnd      whether this batch closes the current tick on its channel: the tick marker
 *                     travels in order with the data (channels inside a tick are always local)
 */
public record LocalBatch(int port, int sender, long seq, Object[] elements, boolean ackRequested, boolean tickEnd)
        implements OperatorMessage {

    /** A batch that asks for its ack and closes no tick. */
    public LocalBatch(int port, int sender, long seq, Object[] elements) {
        this(port, sender, seq, elements, true, false);
    }
}
