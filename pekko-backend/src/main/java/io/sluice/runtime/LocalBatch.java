package io.sluice.runtime;

/**
 * Elements for a consumer in the same ActorSystem: passed by reference, never serialized (there
 * is deliberately no serializer binding for it, so a misrouted one fails loudly).
 */
record LocalBatch(int port, int sender, long seq, Object[] elements) implements OperatorMessage {
}
