package io.sluice.runtime;

/**
 * Marker of the control-plane messages that cross the network (wiring, start, completion,
 * failure). Bound to Jackson CBOR in {@code reference.conf}; they are few and small.
 */
interface ControlMessage {
}
