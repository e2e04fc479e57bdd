package io.sluice.runtime;

/**
 * Elements for a consumer in the same ActorSystem: passed by reference, never serialized (there
 * is deliberately no serializer binding for it, so a misrouted one fails loudly).
 *
 * @param tickEnd whether this batch closes the current tick on its channel: the tick marker
 *                travels in order with the data (channels inside a tick are always local)
 */
record LocalBatch(int port, int sender, long seq, Object[] elements, boolean tickEnd) implements OperatorMessage {
}
