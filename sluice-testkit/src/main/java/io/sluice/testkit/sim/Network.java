package io.sluice.testkit.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Every channel of a simulated flow and what is on them: the eager deliveries due, in the order
 * they were sent, and the asynchronous channels with a message waiting, which the scheduler
 * chooses among.
 */
final class Network {

    private final List<Channel> channels = new ArrayList<>();
    /** The asynchronous channels with a message waiting, by id. */
    private final BitSet pending = new BitSet();
    /** One entry per message put on an eager channel, in order. */
    private final ArrayDeque<Channel> due = new ArrayDeque<>();
    /** Ends waiting on asynchronous channels. */
    private int asyncEnds;

    /** A new channel, numbered in creation order. */
    Channel open(Cell from, Cell to, int port, int sender, boolean async) {
        Channel c = new Channel(channels.size(), from, to, port, sender, async);
        channels.add(c);
        return c;
    }

    /** Puts a batch on a channel; an asynchronous channel gets one message per element. */
    void send(Channel c, Object[] elements, boolean tickEnd, long now) {
        if ((elements.length == 0 && !tickEnd) || c.gone) {
            return;
        }
        if (!c.async) {
            c.queue.add(tickEnd ? Message.tickMarker(elements, now) : Message.batch(elements, now));
            due.add(c);
            return;
        }
        if (tickEnd) {
            c.queue.add(Message.tickMarker(elements, now));
        } else if (elements.length == 1) {
            c.queue.add(Message.batch(elements, now));
        } else {
            for (Object e : elements) {
                c.queue.add(Message.batch(new Object[] {e}, now));
            }
        }
        pending.set(c.id);
    }

    /** Ends a channel after what is on it. */
    void sendEnd(Channel c, long now) {
        if (c.gone) {
            return;
        }
        c.queue.add(Message.endOf(now));
        if (c.async) {
            pending.set(c.id);
            asyncEnds++;
        } else {
            due.add(c);
        }
    }

    /** The eager channel whose next message is due, or null; its message is then taken with {@code queue.poll()}. */
    Channel nextDue() {
        return due.poll();
    }

    /** The first asynchronous channel with a message, from id {@code from} on, or null. */
    Channel nextPending(int from) {
        int i = pending.nextSetBit(from);
        return i < 0 ? null : channels.get(i);
    }

    /** Takes the oldest message of asynchronous channel {@code c}. */
    Message take(Channel c) {
        Message m = c.queue.poll();
        if (m.end()) {
            asyncEnds--;
        }
        if (c.queue.isEmpty()) {
            pending.clear(c.id);
        }
        return m;
    }

    /** Whether an end waits on some asynchronous channel. */
    boolean endsWaiting() {
        return asyncEnds > 0;
    }

    /**
     * Member {@code member} of {@code location} crashed: what it had in flight and what was in
     * flight to it is lost, and what is sent to it from now on is dropped.
     */
    void dropMember(int location, int member) {
        for (Channel c : channels) {
            boolean from = c.from.plan.node().location() == location && c.from.member == member;
            boolean to = c.to.plan.node().location() == location && c.to.member == member;
            if (!from && !to) {
                continue;
            }
            if (c.async) {
                asyncEnds -= (int) c.queue.stream().filter(Message::end).count();
                pending.clear(c.id);
            }
            c.queue.clear();
            c.buffer.clear();
            c.gone |= to;
        }
    }
}
