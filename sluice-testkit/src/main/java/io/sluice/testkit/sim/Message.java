package io.sluice.testkit.sim;

/**
 * What travels on a simulated channel: a batch of elements (possibly closing a tick, as the
 * runtime's tick marker does), or the end of the channel.
 *
 * @param elements the batch, empty for an end or a bare tick marker
 * @param tickEnd  whether the batch closes the current tick on its port
 * @param end      whether this is the channel's end (nothing follows)
 * @param sentAt   the virtual time it was sent, in nanoseconds since the start
 */
record Message(Object[] elements, boolean tickEnd, boolean end, long sentAt) {

    private static final Object[] NONE = new Object[0];

    static Message batch(Object[] elements, long sentAt) {
        return new Message(elements, false, false, sentAt);
    }

    static Message tickMarker(Object[] elements, long sentAt) {
        return new Message(elements, true, false, sentAt);
    }

    static Message endOf(long sentAt) {
        return new Message(NONE, false, true, sentAt);
    }
}
