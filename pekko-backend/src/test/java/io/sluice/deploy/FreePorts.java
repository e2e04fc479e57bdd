package io.sluice.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free ports on this machine, for nodes whose port a test must know before they start. */
final class FreePorts {

    private FreePorts() {
    }

    /** A port that was free a moment ago (the system picked it for a socket now closed). */
    static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
