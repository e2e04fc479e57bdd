package io.sluice.deploy;

import io.sluice.runtime.external.FrameCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A client of a flow's external port ({@code Process.bidiExternalMany}), for any JVM: a plain
 * {@link Socket} and one reader thread, no ActorSystem. Frames are those of the port:
 * {@code length:int32 (big-endian) payload}, one element in Sluice's element codec.
 *
 * <pre>{@code
 * InetSocketAddress at = deployment.externalAddress(clients);
 * try (ExternalClient<String, String> client = ExternalClient.connect(at, String.class, String.class)) {
 *     client.send("this is some string");
 *     String reply = client.receive(Duration.ofSeconds(5)).orElseThrow();   // "hi: this is some string"
 * }
 * }</pre>
 *
 * <p><b>Backpressure.</b> {@link #send} blocks while the socket's buffers are full, that is while
 * the flow does not take this client's requests. Replies wait in a bounded queue
 * ({@link #DEFAULT_RECEIVE_BUFFER} elements unless told otherwise); while it is full the reader
 * stops reading, and the port drops a client that stops reading once the port's own buffer for
 * it overflows: {@link #receive} promptly. <b>Ordering:</b> replies in the order the flow sent
 * them to this client. <b>Completion.</b> {@link #closed()} completes when the connection ends:
 * normally after {@link #close()}, exceptionally with the reason when the port closed it, the
 * connection was lost, or a reply did not decode as a {@code Resp}. Thread-safe.
 *
 * @param <Req>  the requests' class
 * @param <Resp> the replies' class
 */
public final class ExternalClient<Req, Resp> implements AutoCloseable {

    /** Replies held until {@link #receive} takes them, unless {@link #connect(InetSocketAddress, Class, Class, int)} says otherwise. */
    public static final int DEFAULT_RECEIVE_BUFFER = 1024;

    /** The largest reply frame accepted: {@code sluice.external.max-frame-bytes}'s default. */
    private static final int MAX_FRAME = 1 << 20;

    /** Put after the last reply when the connection ends. */
    private static final Object END = new Object();

    private final Class<Resp> responseClass;
    private final Socket socket;
    private final DataOutputStream out;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final Semaphore room;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private ExternalClient(Socket socket, Class<Resp> responseClass, int buffer) throws IOException {
        this.socket = socket;
        this.responseClass = responseClass;
        this.room = new Semaphore(buffer);
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        Thread reader = new Thread(() -> read(in), "sluice-external-client-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects to the port at {@code host:port}.
     *
     * @param host     the port's host
     * @param port     the port's TCP port
     * @param request  the class of the requests (as the port was bound)
     * @param response the class of the replies (as the port was bound)
     * @param <Req>    the request type
     * @param <Resp>   the reply type
     * @return the connected client
     * @throws IOException when the connection cannot be made
     */
    public static <Req, Resp> ExternalClient<Req, Resp> connect(String host, int port, Class<Req> request,
                                                               Class<Resp> response) throws IOException {
        return connect(new InetSocketAddress(host, port), request, response);
    }

    /**
     * Connects to the port at {@code address}, for instance {@code deployment.externalAddress(clients)}.
     *
     * @see #connect(String, int, Class, Class)
     */
    public static <Req, Resp> ExternalClient<Req, Resp> connect(InetSocketAddress address, Class<Req> request,
                                                               Class<Resp> response) throws IOException {
        return connect(address, request, response, DEFAULT_RECEIVE_BUFFER);
    }

    /**
     * Connects to the port at {@code address}, holding at most {@code receiveBuffer} replies.
     *
     * @param receiveBuffer replies held until {@link #receive} takes them, at least 1
     * @see #connect(String, int, Class, Class)
     */
    public static <Req, Resp> ExternalClient<Req, Resp> connect(InetSocketAddress address, Class<Req> request,
                                                               Class<Resp> response, int receiveBuffer)
            throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        if (receiveBuffer < 1) {
            throw new IllegalArgumentException("receiveBuffer must be at least 1, not " + receiveBuffer);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) Duration.ofSeconds(10).toMillis());
            return new ExternalClient<>(socket, response, receiveBuffer);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code request}; blocks while the socket's buffers are full (the flow is not taking
     * this client's requests yet).
     *
     * @param request the request, not null
     * @throws IOException              when the connection is closed or lost
     * @throws IllegalArgumentException when the codec cannot write {@code request}
     */
    public void send(Req request) throws IOException {
        Objects.requireNonNull(request, "request");
        sendFrame(FrameCodec.standard().encode(request));
    }

    /** Sends one frame of raw payload bytes: for tests of what the port does with a bad frame. */
    void sendFrame(byte[] payload) throws IOException {
        synchronized (out) {
            try {
                out.writeInt(payload.length);
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                end(e);
                throw e;
            }
        }
    }

    /**
     * The next reply, waiting up to {@code timeout} for it.
     *
     * @param timeout how long to wait
     * @return the reply, or empty when none came in time
     * @throws IllegalStateException when the connection has ended and every reply was taken; its
     *                               cause is why it ended (none after {@link #close()})
     * @throws InterruptedException  when interrupted while waiting
     */
    public Optional<Resp> receive(Duration timeout) throws InterruptedException {
        Object next = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next == null) {
            return Optional.empty();
        }
        if (next == END) {
            received.add(END);
            Throwable why = closed.handle((done, failure) -> failure).join();
            throw new IllegalStateException("the connection to the external port has ended"
                    + (why == null ? "" : ": " + why.getMessage()), why);
        }
        room.release();
        return Optional.of(responseClass.cast(next));
    }

    /**
     * Completes when the connection ends: normally after {@link #close()}, exceptionally with
     * the reason otherwise.
     *
     * @return the stage; callbacks run on the reader thread or the closing one
     */
    public CompletionStage<Void> closed() {
        return closed.minimalCompletionStage();
    }

    /** Closes the connection; the port sees this client disconnect. Idempotent. */
    @Override
    public void close() {
        closed.complete(null);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        received.add(END);
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    throw new IOException("the external port closed the connection", e);
                }
                if (length < 0 || length > MAX_FRAME) {
                    throw new IOException("the external port sent a frame of " + length + " bytes; at most "
                            + MAX_FRAME + " are accepted");
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                Resp reply;
                try {
                    reply = FrameCodec.standard().decode(payload, responseClass);
                } catch (IllegalArgumentException e) {
                    throw new IOException("the external port " + e.getMessage(), e);
                }
                room.acquire();
                received.add(reply);
            }
        } catch (IOException e) {
            end(e);
        } catch (InterruptedException e) {
            end(e);
        }
    }

    private void end(Exception why) {
        if (closed.completeExceptionally(why)) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            received.add(END);
        }
    }
}
