package io.sluice.deploy;

import io.sluice.runtime.external.FrameCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

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
 * <p><b>TLS.</b> A port with {@code sluice.external.tls} on needs a client that speaks TLS:
 * {@link Options} says with which certificates. {@code connect} returns only once the port has
 * accepted the client (with mutual TLS, after the port checked the client's certificate), and
 * otherwise throws an {@link IOException} that says what failed: this client does not trust the
 * port's certificate, the certificate does not name the host connected to, the port refused this
 * client's certificate, or the port does not speak TLS.
 *
 * <pre>{@code
 * ExternalClient.Options tls = ExternalClient.Options.defaults()
 *         .withTrustStore(Path.of("/etc/app/sluice-trust.p12"), System.getenv("TRUST_PASSWORD"))  // whom to trust
 *         .withKeyStore(Path.of("/etc/app/client.p12"), System.getenv("KEY_PASSWORD"));          // who we are
 * try (ExternalClient<String, String> client = ExternalClient.connect(
 *         new InetSocketAddress("echo.example.com", 7000), String.class, String.class, tls)) {
 *     client.send("hello");
 * }
 * }</pre>
 *
 * @param <Req>  the requests' class
 * @param <Resp> the replies' class
 */
public final class ExternalClient<Req, Resp> implements AutoCloseable {

    /** Replies held until {@link #receive} takes them, unless {@link #connect(InetSocketAddress, Class, Class, int)} says otherwise. */
    public static final int DEFAULT_RECEIVE_BUFFER = 1024;

    /** How long {@link Options#defaults()} waits for the connection, the TLS handshake and the port's acceptance. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

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

    private ExternalClient(Socket socket, DataInputStream in, Class<Resp> responseClass, int buffer)
            throws IOException {
        this.socket = socket;
        this.responseClass = responseClass;
        this.room = new Semaphore(buffer);
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
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
        return connect(address, request, response, Options.defaults().withReceiveBuffer(receiveBuffer));
    }

    /**
     * Connects to the port at {@code address} as {@code options} say: with TLS, returns once the
     * port has accepted this client.
     *
     * <pre>{@code
     * ExternalClient.Options mutual = ExternalClient.Options.defaults()
     *         .withTrustStore(Path.of("trust.p12"), "changeit").withKeyStore(Path.of("client.p12"), "changeit");
     * ExternalClient<String, String> client = ExternalClient.connect(
     *         new InetSocketAddress("echo.example.com", 7000), String.class, String.class, mutual);
     * }</pre>
     *
     * @param address  the port's address; with TLS, its host name (or, when created from an IP
     *                 address, that address) is what the port's certificate must name, unless
     *                 hostname verification is off
     * @param options  TLS, buffer and timeout
     * @return the connected client
     * @throws IOException when the connection cannot be made, a key or trust store cannot be
     *                     read, or the TLS handshake fails or the port refuses this client
     *                     (the message says which)
     */
    public static <Req, Resp> ExternalClient<Req, Resp> connect(InetSocketAddress address, Class<Req> request,
                                                               Class<Resp> response, Options options)
            throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(options, "options");
        Optional<SSLContext> tls = options.context();
        int timeout = (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, timeout);
            if (tls.isEmpty()) {
                return new ExternalClient<>(socket, new DataInputStream(new BufferedInputStream(socket.getInputStream())),
                        response, options.receiveBuffer());
            }
            String where = address.getHostString() + ":" + address.getPort();
            SSLSocket secure = (SSLSocket) tls.get().getSocketFactory().createSocket(socket, address.getHostString(),
                    address.getPort(), true);
            socket = secure;
            SSLParameters parameters = secure.getSSLParameters();
            if (options.hostnameVerification()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            secure.setSSLParameters(parameters);
            secure.setUseClientMode(true);
            secure.setSoTimeout(timeout);
            try {
                secure.startHandshake();
            } catch (IOException e) {
                throw handshakeFailed(where, e, options);
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(secure.getInputStream()));
            try {
                int welcome = in.readInt();
                if (welcome != 0) {
                    throw new IOException("the external port at " + where + " answered the TLS handshake with a frame "
                            + "of " + welcome + " bytes instead of its acceptance: is it a Sluice external port?");
                }
            } catch (IOException e) {
                throw refused(where, e);
            }
            secure.setSoTimeout(0);
            return new ExternalClient<>(secure, in, response, options.receiveBuffer());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Why the handshake failed, in the client's terms. */
    private static IOException handshakeFailed(String where, IOException e, Options options) {
        String message = String.valueOf(e.getMessage());
        String prefix = "TLS handshake with the external port at " + where + " failed: ";
        String why;
        if (e instanceof SocketTimeoutException) {
            why = "no answer within " + options.connectTimeout().toMillis() + " ms (Options.withConnectTimeout)";
        } else if (message.contains("PKIX") || message.contains("certification path")) {
            why = "this client does not trust the port's certificate (" + message + "); give it a trust store "
                    + "holding the port's certificate or its authority's (Options.withTrustStore)";
        } else if (message.contains("No subject alternative") || message.contains("No name matching")) {
            why = "the port's certificate does not name the host connected to (" + message + "); connect by a name "
                    + "or address that its subjectAltName holds, or (for tests only) turn hostname verification "
                    + "off with Options.withoutHostnameVerification()";
        } else if (message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext")
                || message.contains("Remote host terminated") || e instanceof EOFException
                || e instanceof java.net.SocketException) {
            why = "the port closed the connection or did not answer in TLS (" + message + "): is TLS on for this "
                    + "port (sluice.external.\"<tag>\".tls.enabled)? If not, connect without TLS";
        } else {
            return refused(where, e);
        }
        return new IOException(prefix + why, e);
    }

    /** The port ended the connection after this client's part of the handshake. */
    private static IOException refused(String where, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("the external port at ")) {
            return e;
        }
        if (message.contains("bad_certificate") || message.contains("certificate_required")
                || message.contains("certificate_unknown") || message.contains("unknown_ca")
                || message.contains("access_denied") || e instanceof EOFException
                || e instanceof java.net.SocketException) {
            return new IOException("the external port at " + where + " refused this client in the TLS handshake ("
                    + message + "): it requires a client certificate that its trust store trusts "
                    + "(Options.withKeyStore)", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new IOException("the external port at " + where + " did not accept this client in time after the "
                    + "TLS handshake: is it a Sluice external port?", e);
        }
        return new IOException("TLS handshake with the external port at " + where + " failed: " + message, e);
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
        boolean replies = false;
        try {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    throw new IOException("the external port closed the connection" + (replies ? ""
                            : " before sending anything (if it has TLS on, connect with ExternalClient.Options)"), e);
                }
                replies = true;
                if ((length >>> 24 == 0x15 || length >>> 24 == 0x16) && (length >>> 16 & 0xff) == 0x03) {
                    throw new IOException("the external port answered in TLS: it requires TLS; connect with "
                            + "ExternalClient.Options (withTrustStore, withKeyStore or withTls)");
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

    /**
     * How {@link ExternalClient#connect(InetSocketAddress, Class, Class, Options)} connects:
     * plain TCP or TLS (with the caller's {@link SSLContext}, or one built from key and trust
     * store files), whether it verifies the port's host name, its reply buffer and its timeout.
     * Immutable; each {@code with...} returns a changed copy.
     *
     * <pre>{@code
     * Options plain = Options.defaults();                                         // plain TCP
     * Options serverOnly = Options.defaults().withTrustStore(trust, password);    // TLS, the port authenticated
     * Options mutual = serverOnly.withKeyStore(key, password);                    // and this client too
     * Options own = Options.defaults().withTls(mySslContext);                     // TLS with the caller's context
     * }</pre>
     *
     * <p>Store files are PKCS12 or JKS, read when {@code connect} runs. A key store without a
     * trust store trusts the JDK's default authorities (as does {@code withTls(SSLContext.getDefault())}).
     * Hostname verification is on: the port's certificate must name the host (or IP address)
     * connected to in its subjectAltName, as HTTPS clients check.
     */
    public static final class Options {

        private static final Options DEFAULTS = new Options(DEFAULT_RECEIVE_BUFFER, DEFAULT_CONNECT_TIMEOUT,
                Optional.empty(), Optional.empty(), Optional.empty(), true);

        private final int receiveBuffer;
        private final Duration connectTimeout;
        private final Optional<SSLContext> context;
        private final Optional<Store> keyStore;
        private final Optional<Store> trustStore;
        private final boolean hostnameVerification;

        private Options(int receiveBuffer, Duration connectTimeout, Optional<SSLContext> context,
                        Optional<Store> keyStore, Optional<Store> trustStore, boolean hostnameVerification) {
            this.receiveBuffer = receiveBuffer;
            this.connectTimeout = connectTimeout;
            this.context = context;
            this.keyStore = keyStore;
            this.trustStore = trustStore;
            this.hostnameVerification = hostnameVerification;
        }

        /** Plain TCP, {@link #DEFAULT_RECEIVE_BUFFER} replies, {@link #DEFAULT_CONNECT_TIMEOUT}, hostname verification on. */
        public static Options defaults() {
            return DEFAULTS;
        }

        /** Holds at most {@code replies} replies until {@link ExternalClient#receive} takes them (at least 1). */
        public Options withReceiveBuffer(int replies) {
            if (replies < 1) {
                throw new IllegalArgumentException("receiveBuffer must be at least 1, not " + replies);
            }
            return new Options(replies, connectTimeout, context, keyStore, trustStore, hostnameVerification);
        }

        /** Waits at most {@code timeout} for the connection, the TLS handshake and the port's acceptance. */
        public Options withConnectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, not " + timeout);
            }
            return new Options(receiveBuffer, timeout, context, keyStore, trustStore, hostnameVerification);
        }

        /** TLS with {@code context} as it is (its key and trust managers); replaces any stores given. */
        public Options withTls(SSLContext context) {
            return new Options(receiveBuffer, connectTimeout, Optional.of(context), Optional.empty(), Optional.empty(),
                    hostnameVerification);
        }

        /** TLS, trusting the port's certificate if {@code file} holds it or its authority's. */
        public Options withTrustStore(Path file, String password) {
            return new Options(receiveBuffer, connectTimeout, Optional.empty(), keyStore,
                    Optional.of(new Store(file, password)), hostnameVerification);
        }

        /** TLS, showing the key and certificate in {@code file} when the port asks (mutual TLS). */
        public Options withKeyStore(Path file, String password) {
            return new Options(receiveBuffer, connectTimeout, Optional.empty(), Optional.of(new Store(file, password)),
                    trustStore, hostnameVerification);
        }

        /**
         * Accepts a port certificate that does not name the host connected to. For tests on
         * loopback with certificates that name no address; never on a real network, where it lets
         * anyone holding any certificate the trust store trusts pose as the port.
         */
        public Options withoutHostnameVerification() {
            return new Options(receiveBuffer, connectTimeout, context, keyStore, trustStore, false);
        }

        /** @return replies held until taken */
        public int receiveBuffer() {
            return receiveBuffer;
        }

        /** @return how long connecting may take, TLS handshake included */
        public Duration connectTimeout() {
            return connectTimeout;
        }

        /** @return whether the client speaks TLS */
        public boolean tls() {
            return context.isPresent() || keyStore.isPresent() || trustStore.isPresent();
        }

        /** @return whether the port's certificate must name the host connected to */
        public boolean hostnameVerification() {
            return hostnameVerification;
        }

        /** The TLS context to connect with, built from the stores if need be; empty for plain TCP. */
        Optional<SSLContext> context() throws IOException {
            if (context.isPresent() || !tls()) {
                return context;
            }
            try {
                KeyManager[] keys = null;
                if (keyStore.isPresent()) {
                    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    kmf.init(keyStore.get().load("key store"), keyStore.get().password().toCharArray());
                    keys = kmf.getKeyManagers();
                }
                TrustManager[] trust = null;
                if (trustStore.isPresent()) {
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(trustStore.get().load("trust store"));
                    trust = tmf.getTrustManagers();
                }
                SSLContext built = SSLContext.getInstance("TLS");
                built.init(keys, trust, null);
                return Optional.of(built);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS with key store " + keyStore.map(Store::file)
                        .map(Path::toString).orElse("(none)") + ": " + e.getMessage(), e);
            }
        }

        /** A key or trust store file and its password. */
        private record Store(Path file, String password) {
            Store {
                Objects.requireNonNull(file, "file");
                Objects.requireNonNull(password, "password");
            }

            KeyStore load(String what) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                    store.load(in, password.toCharArray());
                    return store;
                } catch (NoSuchFileException e) {
                    throw new IOException("the " + what + " " + file + " does not exist", e);
                } catch (IOException | GeneralSecurityException e) {
                    throw new IOException("cannot read the " + what + " " + file + " (wrong password?): "
                            + e.getMessage(), e);
                }
            }
        }
    }
}
