package io.sluice.runtime.actor;

import java.util.Arrays;

/**
 * Tick alignment for an operator inside a tick: which of its input ports have closed the current
 * tick (their tick marker arrived). The tick ends when every port has, and the next one starts
 * with none closed.
 */
final class TickAlignment {

    private final boolean[] closed;
    private int closedPorts;

    TickAlignment(int ports) {
        this.closed = new boolean[ports];
    }

    /** Port {@code port} closed the current tick; returns whether that ends the tick (every port has closed it). */
    boolean close(int port) {
        if (!closed[port]) {
            closed[port] = true;
            closedPorts++;
        }
        if (closedPorts < closed.length) {
            return false;
        }
        Arrays.fill(closed, false);
        closedPorts = 0;
        return true;
    }
}
