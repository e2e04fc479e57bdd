package io.sluice.dataflow;

/**
 * One connection of an external client to an external port (see
 * {@link Process#bidiExternalMany}): the key of its requests and of the replies sent to it.
 * Ids are handed out by the port's member from 0, in the order clients connect, and never
 * reused while the flow runs; a client that reconnects gets a new id.
 *
 * <pre>{@code
 * port.reply(port.requests().mapValues(r -> "hi: " + r));   // each reply goes to the client that asked
 * }</pre>
 *
 * @param raw the number of the connection, from 0
 */
public record ClientId(long raw) {

    /**
     * Rejects negative numbers.
     *
     * @param raw the number of the connection
     * @throws IllegalArgumentException when {@code raw} is negative
     */
    public ClientId {
        if (raw < 0) {
            throw new IllegalArgumentException("a client id is not negative: " + raw);
        }
    }

    @Override
    public String toString() {
        return "client " + raw;
    }
}
