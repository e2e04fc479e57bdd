package io.sluice.dataflow;

import java.util.Objects;

/**
 * Code outside the cluster that talks to a running flow: Hydro's {@code External<Tag>}. It is
 * location-like (it names the clients in types) but has no hosts: its clients are other
 * programs, which connect to the port a process binds for them with
 * {@link Process#bidiExternalMany} (from Java: {@code io.sluice.deploy.ExternalClient}).
 *
 * <pre>{@code
 * External<Client> clients = flow.external(Client.class);
 * ExternalPort<String, String, Server> port = server.bidiExternalMany(clients, String.class, String.class);
 * port.reply(port.requests().mapValues(s -> "hi: " + s));
 * }</pre>
 *
 * <p>Its tag's canonical name names the port in configuration:
 * {@code sluice.external."io.example.Client" { hostname = "0.0.0.0", port = 7000 }}.
 *
 * @param <E> the tag type that names these clients
 */
public final class External<E> {

    private final FlowBuilder flow;
    private final Class<E> tag;
    /** Where it was bound, once it is: an external is served by one port. */
    private String boundAt = "";

    External(FlowBuilder flow, Class<E> tag) {
        this.flow = flow;
        this.tag = tag;
    }

    /**
     * The display name: the tag class's canonical name, which also names the port in configuration.
     *
     * @return the canonical name of the tag class (its binary name when it has none)
     */
    public String name() {
        return FlowBuilder.displayName(tag);
    }

    FlowBuilder flow() {
        return flow;
    }

    /** Records that the port serving these clients is bound at {@code site}; refuses a second binding. */
    void bind(String site) {
        if (!boundAt.isEmpty()) {
            throw new IllegalStateException("bidiExternalMany at " + site + ": " + this + " is already served by the "
                    + "port bound at " + boundAt + "; an external is served by one port: make another external "
                    + "(flow.external(OtherTag.class)) for another port");
        }
        boundAt = Objects.requireNonNull(site);
    }

    @Override
    public String toString() {
        return name() + " (external)";
    }
}
