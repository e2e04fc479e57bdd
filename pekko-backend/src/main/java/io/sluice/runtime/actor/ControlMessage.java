package io.sluice.runtime.actor;

/**
 * Marker of the control-plane messages that cross the network (wiring, start, completion,
 * failure). Bound to Jackson CBOR in {@code reference.conf}; they are few and small.
 */
public interface ControlMessage {
}
