package io.sluice.dataflow.ir;

import java.util.Objects;

/**
 * One external port of a flow: the server that a process's member runs for the clients of an
 * {@code External} tag, shared by the nodes that read its requests and connection events and
 * write its replies. Identity matters: the nodes of one port hold the same object, which is
 * how the runtime gives them one server.
 */
public final class ExternalBinding {

    private final String tag;
    private final int location;
    private final Class<?> request;
    private final Class<?> response;
    private final Origin origin;

    /**
     * A port for the clients named {@code tag} on process {@code location}.
     *
     * @param tag      the canonical name of the External tag class
     * @param location the id of the process whose member listens
     * @param request  the class every request must be an instance of
     * @param response the class of the replies
     * @param origin   the call that bound the port
     */
    public ExternalBinding(String tag, int location, Class<?> request, Class<?> response, Origin origin) {
        this.tag = Objects.requireNonNull(tag, "tag");
        this.location = location;
        this.request = Objects.requireNonNull(request, "request");
        this.response = Objects.requireNonNull(response, "response");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** @return the canonical name of the External tag class, which names the port in configuration */
    public String tag() {
        return tag;
    }

    /** @return the id of the process whose member listens */
    public int location() {
        return location;
    }

    /** @return the class every request must be an instance of */
    public Class<?> request() {
        return request;
    }

    /** @return the class of the replies */
    public Class<?> response() {
        return response;
    }

    /** @return the call that bound the port */
    public Origin origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "external port of " + tag + " (" + origin + ")";
    }
}
