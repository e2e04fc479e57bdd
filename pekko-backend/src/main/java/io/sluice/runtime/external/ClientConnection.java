package io.sluice.runtime.external;

import io.sluice.dataflow.ClientId;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.util.ByteString;

/**
 * One client's connection to an external port: its id, where it connects from, the bounded
 * queue of replies its connection has not taken yet, and the first reason it was dropped for.
 */
final class ClientConnection {

    private final ClientId id;
    private final InetSocketAddress remote;
    private final AtomicReference<String> dropReason = new AtomicReference<>();
    private volatile BoundedSourceQueue<ByteString> replies;
    /** Whether the connection is a client of the port: at once on plain TCP, after the handshake with TLS. */
    private volatile boolean admitted;
    /** Who the client's certificate says it is, with mutual TLS; empty otherwise. */
    private volatile String peer = "";
    /** The TLS engine of the connection, which keeps why its handshake failed; none on plain TCP. */
    private volatile Optional<RecordingEngine> engine = Optional.empty();

    /** Replies that found the queue full, in order; guarded by this connection's monitor. */
    private final ArrayDeque<ByteString> waiting = new ArrayDeque<>();
    /** Whether {@link #waiting} is not empty, for a look without the monitor. */
    private volatile boolean anyWaiting;
    /** When the queue was first found full with nothing waiting; guarded by this connection's monitor. */
    private long stalledSince;

    ClientConnection(ClientId id, InetSocketAddress remote) {
        this.id = id;
        this.remote = remote;
    }

    ClientId id() {
        return id;
    }

    /** Set once the connection's stream runs. */
    void attach(BoundedSourceQueue<ByteString> queue) {
        replies = queue;
    }

    InetSocketAddress remote() {
        return remote;
    }

    /** Marks the connection a client of the port, with the name its certificate gives, if any. */
    void admit(String certificateName) {
        peer = certificateName;
        admitted = true;
    }

    void recordHandshake(RecordingEngine tls) {
        engine = Optional.of(tls);
    }

    /** Why the TLS handshake failed, if it did. */
    Optional<javax.net.ssl.SSLException> handshakeFailure() {
        return engine.flatMap(RecordingEngine::failure);
    }

    boolean admitted() {
        return admitted;
    }

    BoundedSourceQueue<ByteString> replies() {
        return replies;
    }

    /** Whether replies may wait, read without the monitor: false means none did when it was last looked at. */
    boolean mayHaveWaiting() {
        return anyWaiting;
    }

    /** Whether replies wait for room in the queue. */
    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** A reply waits, after those already waiting. */
    void await(ByteString frame) {
        waiting.addLast(frame);
        anyWaiting = true;
    }

    ByteString firstWaiting() {
        return waiting.peekFirst();
    }

    /** The first waiting reply is in the queue. */
    void tookFirstWaiting() {
        waiting.removeFirst();
        anyWaiting = !waiting.isEmpty();
    }

    /** Drops the waiting replies; returns them. */
    List<ByteString> dropWaiting() {
        List<ByteString> dropped = List.copyOf(waiting);
        waiting.clear();
        anyWaiting = false;
        return dropped;
    }

    long stalledSince() {
        return stalledSince;
    }

    void stalledSince(long nanos) {
        stalledSince = nanos;
    }

    /** Records why the port drops this client; the first reason wins. Whether it was the first. */
    boolean drop(String reason) {
        return dropReason.compareAndSet(null, reason);
    }

    /** Why the port dropped the client, or empty when the connection ended otherwise. */
    String dropReason() {
        String r = dropReason.get();
        return r == null ? "" : r;
    }

    @Override
    public String toString() {
        return id + " (" + remote + (peer.isEmpty() ? "" : ", " + peer) + ")";
    }
}
