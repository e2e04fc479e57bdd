package io.sluice.testkit.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated channel: from one operator of one member to one input port of one operator of
 * one member, first in first out, as the runtime's channels are. An asynchronous channel's
 * deliveries are the scheduler's choices; an eager one is delivered as soon as something is on it
 * (see {@link Engine} for which is which).
 */
final class Channel {

    final int id;
    final Cell from;
    final Cell to;
    final int port;
    /** The sender index on the consumer's port: the producer's member id across the network, else 0. */
    final int sender;
    final boolean async;
    final ArrayDeque<Message> queue = new ArrayDeque<>();
    /** What was emitted and not yet flushed. */
    final List<Object> buffer = new ArrayList<>();
    /** Its consumer's member crashed: what is put on it is dropped. */
    boolean gone;

    Channel(int id, Cell from, Cell to, int port, int sender, boolean async) {
        this.id = id;
        this.from = from;
        this.to = to;
        this.port = port;
        this.sender = sender;
        this.async = async;
    }
}
