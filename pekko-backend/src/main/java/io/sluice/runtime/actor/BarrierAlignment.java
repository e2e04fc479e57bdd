package io.sluice.runtime.actor;

import io.sluice.runtime.channel.InPort;
import io.sluice.runtime.wire.OperatorMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Barrier alignment for a snapshot: which input channels of an operator have delivered the
 * current snapshot's barrier. What arrives on such a channel after its barrier belongs to the
 * next snapshot, so it is held, in arrival order, until every channel that has not ended has
 * delivered the barrier; the operator then snapshots its state, passes the barrier on, and
 * handles what was held. Held batches are not acknowledged, so the credit window bounds them.
 */
final class BarrierAlignment {

    private final InPort[] ports;
    private final boolean[][] arrived;
    private final List<OperatorMessage> held = new ArrayList<>();
    /** The snapshot being aligned; 0 when none is. */
    private long current;
    /** The last snapshot this operator took. */
    private long last;

    BarrierAlignment(InPort[] ports) {
        this.ports = ports;
        this.arrived = new boolean[ports.length][];
        for (int p = 0; p < ports.length; p++) {
            arrived[p] = new boolean[ports[p].senders()];
        }
    }

    /** Whether a snapshot is being aligned: then {@link #blocks} must be asked for every input. */
    boolean isAligning() {
        return current != 0;
    }

    /** The snapshot being aligned, or 0. */
    long current() {
        return current;
    }

    /** Whether {@code snapshot} was taken already, or is older than one that was. */
    boolean isDone(long snapshot) {
        return snapshot <= last;
    }

    /** Starts aligning {@code snapshot}. */
    void begin(long snapshot) {
        current = snapshot;
    }

    /** Whether the channel from {@code sender} on {@code port} has delivered the current barrier: what follows it waits. */
    boolean blocks(int port, int sender) {
        return current != 0 && arrived[port][sender];
    }

    /** Holds {@code message} (from a blocked channel) until the snapshot is taken. */
    void hold(OperatorMessage message) {
        held.add(message);
    }

    /** The current barrier came on the channel from {@code sender} on {@code port}. */
    void arrived(int port, int sender) {
        arrived[port][sender] = true;
    }

    /** Whether every channel has delivered the current barrier or ended. */
    boolean isAligned() {
        for (int p = 0; p < ports.length; p++) {
            for (int s = 0; s < arrived[p].length; s++) {
                if (!arrived[p][s] && !ports[p].hasEnded(s)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The current snapshot was taken: no channel is blocked any more. Returns what was held, in arrival order. */
    List<OperatorMessage> finish() {
        last = current;
        current = 0;
        for (boolean[] port : arrived) {
            java.util.Arrays.fill(port, false);
        }
        List<OperatorMessage> released = List.copyOf(held);
        held.clear();
        return released;
    }
}
