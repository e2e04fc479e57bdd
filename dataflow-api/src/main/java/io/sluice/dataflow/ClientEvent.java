package io.sluice.dataflow;

import java.util.Objects;

/**
 * An external client connected to an external port or went away: the elements of
 * {@link ExternalPort#connections()}, as {@link MembershipEvent} is for cluster members.
 *
 * <pre>{@code
 * port.connections()
 *     .filter(e -> e.change() == ClientEvent.Change.DISCONNECTED)
 *     .forEach(e -> System.out.println(e.client() + " left: " + e.reason()));
 * }</pre>
 *
 * @param client the client
 * @param change whether it connected or went away
 * @param reason why it went away ("the client closed the connection", or the protocol error
 *               or overflow for which the port dropped it); empty for {@code CONNECTED}
 */
public record ClientEvent(ClientId client, Change change, String reason) {

    /** What happened to the client. */
    public enum Change {
        /** The client connected; requests from it may follow. */
        CONNECTED,
        /** The connection ended; nothing more comes from the client, and replies to it are dropped. */
        DISCONNECTED
    }

    /**
     * Rejects null parts.
     *
     * @param client the client
     * @param change whether it connected or went away
     * @param reason why it went away, empty for {@code CONNECTED}
     * @throws NullPointerException when a part is null
     */
    public ClientEvent {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(reason, "reason");
    }
}
