package io.sluice.runtime.external;

import io.sluice.dataflow.ClientEvent;
import io.sluice.dataflow.ClientId;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.runtime.logic.ExternalEndpoints;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.StreamSubscriptionTimeoutTerminationMode;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP server of one external port on its member: Pekko Streams TCP, one stream per client
 * connection, frames of {@code length:int32 payload} ({@link Framing#simpleFramingProtocol}).
 *
 * <p><b>Inbound.</b> Each connection decodes its frames ({@link FrameCodec}) into
 * {@code KV<ClientId, request>} and feeds them into one {@link MergeHub} with a small buffer per
 * client, whose output is the publisher of the requests: a connection is read only as fast as the
 * flow requests, so backpressure reaches each client through TCP. A frame too large, a payload
 * that does not decode or holds no request ends that connection only, logged at WARN.
 *
 * <p><b>Outbound.</b> Each connection has a {@link BoundedSourceQueue} of encoded replies of
 * {@code client-buffer} elements. A reply that finds it full waits, in order with the client's
 * later replies, and the port asks for no more replies until every waiting one is in its queue
 * (each reply the connection takes out of the queue lets a waiting one in): a burst (the
 * repeated answers after a restart) is paced to what the client reads instead of losing the
 * client. A client whose queue stays
 * full for {@code client-stall-timeout} is dropped (WARN), so a stuck client holds the port's
 * replies up for that long at most, and costs at most its buffer and a request window of
 * replies. Replies to a client that is gone are counted and logged at DEBUG once per client.
 *
 * <p><b>Events.</b> {@code CONNECTED} when a connection is accepted and {@code DISCONNECTED} with
 * the reason when its stream ends, through a bounded queue.
 *
 * <p><b>TLS</b> ({@code sluice.external.tls}, {@link ExternalTls}). Each connection runs Pekko's
 * {@link TLS} stage under the framing, with an engine of the port's context. A connection becomes
 * a client (CONNECTED, replies) only when its handshake has succeeded, with mutual TLS after its
 * certificate was checked; it is then sent one empty frame, {@code 00 00 00 00}, which tells the
 * client it was accepted (in TLS 1.3 a client finishes its handshake before the server has
 * checked its certificate). A connection refused in the handshake, or cut because it did not
 * finish within {@code handshake-timeout}, is no client: no event, a rate-limited WARN with its
 * remote address and why.
 */
final class TcpExternalServer implements ExternalEndpoints.Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(TcpExternalServer.class);

    /** Requests buffered per client in the merge before its connection stops being read. */
    private static final int PER_CLIENT_REQUESTS = 16;
    /** How often the port checks its stalled clients against the stall timeout. */
    private static final long STALL_CHECK_MILLIS = 100;
    /** Connection events held until the flow takes them. */
    private static final int EVENTS = 4096;
    /** Departed clients remembered so that their late replies are logged once each. */
    private static final int GONE_LOGGED = 1024;
    /** Refused connections logged at WARN per window; the others are counted. */
    private static final int REFUSALS_LOGGED = 10;
    private static final long REFUSAL_WINDOW_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final ExternalBinding binding;
    private final ExternalSettings settings;
    private final FrameCodec frames;
    private final ClassicActorSystemProvider system;
    private final SharedKillSwitch kill;
    private final Sink<Object, NotUsed> requestHub;
    private final Flow.Publisher<Object> requests;
    private final BoundedSourceQueue<Object> events;
    private final Flow.Publisher<Object> eventPublisher;
    private final Map<Long, ClientConnection> clients = new ConcurrentHashMap<>();
    /** Recently departed clients whose late replies were logged once; bounded, the oldest forgotten first. */
    private final Set<Long> goneLogged = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > GONE_LOGGED;
        }
    });
    private final LongAdder droppedReplies = new LongAdder();
    /** Clients whose replies wait for room in their queue: the port's replies pause meanwhile. */
    private final Set<ClientConnection> stalled = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stallCheckScheduled = new AtomicBoolean();
    /** The port's reply subscribers, to resume once no client is stalled. */
    private final Set<ExternalEndpoints.Replies> repliers = ConcurrentHashMap.newKeySet();
    private final Refusals refusals = new Refusals();
    private final AtomicLong nextClient = new AtomicLong();
    private final CompletableFuture<InetSocketAddress> address;
    private final CompletionStage<Tcp.ServerBinding> bound;
    private final Runnable onClose;

    TcpExternalServer(ClassicActorSystemProvider system, ExternalBinding binding, ExternalSettings settings,
                      FrameCodec frames, CompletableFuture<InetSocketAddress> address, Runnable onClose) {
        this.system = system;
        this.frames = frames;
        this.binding = binding;
        this.settings = settings;
        this.address = address;
        this.onClose = onClose;
        this.kill = KillSwitches.shared("external-" + binding.tag());
        // The operators subscribe when the flow starts, which may be long after the port opened
        // (every member must join first): the publishers wait for them, instead of cancelling
        // after pekko.stream.materializer.subscription-timeout as Pekko's would by default.
        Attributes waitForSubscriber = ActorAttributes.streamSubscriptionTimeout(Duration.ofSeconds(1),
                StreamSubscriptionTimeoutTerminationMode.noop());
        Pair<Sink<Object, NotUsed>, Flow.Publisher<Object>> hub = MergeHub.of(Object.class, PER_CLIENT_REQUESTS)
                .toMat(JavaFlowSupport.Sink.<Object>asPublisher(AsPublisher.WITHOUT_FANOUT), Keep.both())
                .withAttributes(waitForSubscriber)
                .run(system);
        this.requestHub = hub.first();
        this.requests = hub.second();
        Pair<BoundedSourceQueue<Object>, Flow.Publisher<Object>> ev = Source.<Object>queue(EVENTS)
                .toMat(JavaFlowSupport.Sink.<Object>asPublisher(AsPublisher.WITHOUT_FANOUT), Keep.both())
                .withAttributes(waitForSubscriber)
                .run(system);
        this.events = ev.first();
        this.eventPublisher = ev.second();
        this.bound = Tcp.get(system).bind(settings.hostname(), settings.port())
                .via(kill.flow())
                .to(Sink.foreach(this::accept))
                .run(system);
        bound.whenComplete((b, failure) -> {
            if (failure != null) {
                LOG.error("{}: cannot listen on {}:{}: {}", binding, settings.hostname(), settings.port(),
                        failure.toString());
                address.completeExceptionally(new IllegalStateException(binding + ": cannot listen on "
                        + settings.hostname() + ":" + settings.port() + ": " + failure, failure));
            } else {
                InetSocketAddress at = b.localAddress();
                LOG.info("external port of {} listening on {}:{}{}", binding.tag(), at.getHostString(), at.getPort(),
                        settings.tls().map(t -> " (" + t.protocol() + (t.clientAuth() ? ", client certificates required)"
                                : ")")).orElse(""));
                address.complete(at);
            }
        });
    }

    @Override
    public Flow.Publisher<Object> requests() {
        return requests;
    }

    @Override
    public Flow.Publisher<Object> connections() {
        return eventPublisher;
    }

    /**
     * Each reply goes into its client's bounded queue. A client whose queue is full makes its
     * replies wait (in order, at most a request window of them) and the port's replies pause
     * until they are in; a client still full after {@code client-stall-timeout} is dropped.
     */
    @Override
    public Flow.Subscriber<Object> replies(boolean broadcast) {
        ExternalEndpoints.Replies replies = new ExternalEndpoints.Replies(broadcast) {
            @Override
            protected void toAll(Object reply) {
                ByteString frame = ByteString.fromArrayUnsafe(frames.encode(reply));
                clients.values().forEach(c -> send(c, frame));
            }

            @Override
            protected void toClient(ClientId id, Object reply) {
                ClientConnection c = clients.get(id.raw());
                if (c == null) {
                    gone(id);
                } else {
                    send(c, ByteString.fromArrayUnsafe(frames.encode(reply)));
                }
            }

            @Override
            protected boolean waiting() {
                return !stalled.isEmpty();
            }

            /** Its sink ended (a restart makes a new one): nothing to resume any more. */
            @Override
            public void onError(Throwable throwable) {
                repliers.remove(this);
            }

            @Override
            public void onComplete() {
                repliers.remove(this);
            }
        };
        repliers.add(replies);
        return replies;
    }

    /** Closes the port: no new connections, every connection ends. */
    @Override
    public void release() {
        onClose.run();
        kill.shutdown();
        if (!events.isCompleted()) {
            try {
                events.complete();
            } catch (IllegalStateException e) {
                // the system's streams stopped first (it is shutting down): already closed
            }
        }
        bound.thenAccept(Tcp.ServerBinding::unbind);
        if (droppedReplies.sum() > 0) {
            LOG.info("{}: closed; {} replies to clients that were gone were dropped", binding, droppedReplies.sum());
        }
    }

    private void send(ClientConnection c, ByteString frame) {
        BoundedSourceQueue<ByteString> queue = c.replies();
        if (frame.size() > settings.maxFrameBytes()) {
            String reason = "was to get a reply of " + frame.size() + " bytes, more than sluice.external.max-frame-bytes ("
                    + settings.maxFrameBytes() + ")";
            if (c.drop(reason)) {
                queue.fail(new IllegalStateException(reason));
            }
            return;
        }
        synchronized (c) {
            if (c.hasWaiting()) {
                c.await(frame);
                return;
            }
            QueueOfferResult result = queue.offer(frame);
            if (result.isEnqueued()) {
                return;
            }
            if (result == QueueOfferResult.dropped()) {
                c.await(frame);
                c.stalledSince(System.nanoTime());
                stalled.add(c);
                scheduleStallCheck();
            } else {
                gone(c.id());
            }
        }
    }

    /** While some client's replies wait, the port checks every {@value #STALL_CHECK_MILLIS} ms for stalls. */
    private void scheduleStallCheck() {
        if (stallCheckScheduled.compareAndSet(false, true)) {
            system.classicSystem().scheduler().scheduleOnce(Duration.ofMillis(STALL_CHECK_MILLIS), this::checkStalled,
                    system.classicSystem().dispatcher());
        }
    }

    /**
     * The connection took a reply out of {@code c}'s queue (on its stream's thread): if replies
     * wait for {@code c}, the room goes to them, and once none waits the port's replies go on.
     * One volatile read per reply otherwise.
     */
    private void taken(ClientConnection c) {
        if (c.mayHaveWaiting() && drain(c)) {
            resumeIfNoneStalled();
        }
    }

    /** Offers {@code c}'s waiting replies; whether it has none left waiting (it is then no longer stalled). */
    private boolean drain(ClientConnection c) {
        synchronized (c) {
            QueueOfferResult result = QueueOfferResult.enqueued();
            while (c.hasWaiting() && (result = c.replies().offer(c.firstWaiting())).isEnqueued()) {
                c.tookFirstWaiting();
            }
            if (c.hasWaiting() && result != QueueOfferResult.dropped()) {
                c.dropWaiting().forEach(frame -> gone(c.id()));   // its connection is closing
            }
            return !c.hasWaiting() && stalled.remove(c);
        }
    }

    private void resumeIfNoneStalled() {
        if (stalled.isEmpty()) {
            repliers.forEach(ExternalEndpoints.Replies::resume);
        }
    }

    /**
     * Drains every stalled client again, and drops one still full after
     * {@code client-stall-timeout}; once none waits, the port's replies go on.
     */
    private void checkStalled() {
        stallCheckScheduled.set(false);
        long now = System.nanoTime();
        for (ClientConnection c : stalled) {
            if (drain(c)) {
                continue;
            }
            synchronized (c) {
                if (c.hasWaiting() && now - c.stalledSince() > settings.stallTimeout().toNanos()) {
                    String reason = "stopped reading: its buffer of " + settings.clientBuffer()
                            + " replies (sluice.external.client-buffer) stayed full for longer than "
                            + settings.stallTimeout().toMillis() + " ms (sluice.external.client-stall-timeout)";
                    int lost = c.dropWaiting().size();
                    if (c.drop(reason + "; " + lost + " replies waiting for it were dropped")) {
                        c.replies().fail(new IllegalStateException(reason));
                    }
                    stalled.remove(c);
                }
            }
        }
        resumeIfNoneStalled();
        if (!stalled.isEmpty()) {
            scheduleStallCheck();
        }
    }

    private void gone(ClientId id) {
        droppedReplies.increment();
        boolean first;
        synchronized (goneLogged) {
            first = goneLogged.add(id.raw());
        }
        if (first) {
            LOG.debug("{}: {} is not connected; replies to it are dropped", binding, id);
        }
    }

    private void accept(Tcp.IncomingConnection connection) {
        ClientConnection c = new ClientConnection(new ClientId(nextClient.getAndIncrement()),
                connection.remoteAddress());
        Class<?> requestClass = binding.request();
        int max = settings.maxFrameBytes();
        org.apache.pekko.stream.javadsl.Flow<ByteString, Object, CompletionStage<Done>> decode =
                org.apache.pekko.stream.javadsl.Flow.of(ByteString.class)
                        .map(frame -> (Object) KV.of(c.id(), decodeFrom(c, frame, requestClass)))
                        .watchTermination(Keep.right());
        Sink<ByteString, CompletionStage<Done>> in = decode
                .recoverWithRetries(1, Throwable.class, Source::<Object>empty)
                .to(requestHub);
        // The reply queue exists before the connection's stream runs: a request can be answered
        // as soon as it is read, before handleWith returns.
        Pair<BoundedSourceQueue<ByteString>, Source<ByteString, NotUsed>> out =
                Source.<ByteString>queue(settings.clientBuffer()).preMaterialize(system);
        c.attach(out.first());
        org.apache.pekko.stream.javadsl.Flow<ByteString, ByteString, CompletionStage<Done>> messages =
                org.apache.pekko.stream.javadsl.Flow.fromSinkAndSourceCoupledMat(in, out.second().map(frame -> {
                    taken(c);
                    return frame;
                }), Keep.left());
        BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> framing = Framing.simpleFramingProtocol(max);
        org.apache.pekko.stream.javadsl.Flow<ByteString, ByteString, CompletionStage<Done>> handler;
        Optional<Cancellable> timer;
        if (settings.tls().isEmpty()) {
            handler = org.apache.pekko.stream.javadsl.Flow.of(ByteString.class)
                    .via(kill.flow())
                    .viaMat(framing.reversed().join(messages, Keep.right()), Keep.right());
            admit(c, "");
            timer = Optional.empty();
        } else {
            ExternalTls tls = settings.tls().get();
            SharedKillSwitch handshake = KillSwitches.shared("external-handshake-" + c.id().raw());
            timer = Optional.of(system.classicSystem().scheduler().scheduleOnce(tls.handshakeTimeout(), () -> {
                String reason = "it did not finish the TLS handshake within the port's tls.handshake-timeout ("
                        + tls.handshakeTimeout().toMillis() + " ms)";
                if (!c.admitted() && c.drop(reason)) {
                    handshake.abort(new HandshakeTimeout(reason));
                }
            }, system.classicSystem().dispatcher()));
            handler = org.apache.pekko.stream.javadsl.Flow.of(ByteString.class)
                    .via(kill.flow())
                    .via(handshake.flow())
                    .viaMat(framing.atop(secure(tls, c)).reversed().join(messages, Keep.right()), Keep.right());
        }
        CompletionStage<Done> running = connection.handleWith(handler, system);
        running.whenComplete((done, failure) -> {
            timer.ifPresent(Cancellable::cancel);
            if (c.admitted()) {
                disconnected(c, failure);
            } else {
                refused(c, !c.dropReason().isEmpty() ? c.dropReason() : settings.tls().map(t -> reasonRefused(t,
                        c.handshakeFailure().<Throwable>map(e -> e).orElse(failure))).orElse("closed"));
            }
        });
    }

    /**
     * The TLS layer of one connection, plaintext on the left: the connection becomes a client
     * when its handshake succeeds (with mutual TLS, after its certificate was checked), and is
     * then sent the empty frame that tells {@code ExternalClient.connect} it was accepted.
     */
    private BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> secure(ExternalTls tls, ClientConnection c) {
        RecordingEngine recording = new RecordingEngine(tls.serverEngine());
        c.recordHandshake(recording);
        BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed> engine =
                TLS.create(() -> recording, session -> {
                    if (c.admitted()) {
                        return;   // once per connection, should the stage verify a session again
                    }
                    admit(c, tls.clientAuth() ? peerName(session) : "");
                    c.replies().offer(ByteString.emptyByteString());
                }, TLSClosing.eagerClose());
        BidiFlow<ByteString, TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsInbound, ByteString, NotUsed> wrapping =
                BidiFlow.fromFlows(
                        org.apache.pekko.stream.javadsl.Flow.of(ByteString.class)
                                .map(bytes -> (TLSProtocol.SslTlsOutbound) new TLSProtocol.SendBytes(bytes)),
                        org.apache.pekko.stream.javadsl.Flow.of(TLSProtocol.SslTlsInbound.class)
                                .filter(i -> i instanceof TLSProtocol.SessionBytes)
                                .map(i -> ((TLSProtocol.SessionBytes) i).bytes()));
        return wrapping.atop(engine);
    }

    private static String peerName(SSLSession session) {
        try {
            return session.getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return "";
        }
    }

    /** The connection is a client: it gets replies and the flow sees it connect. */
    private void admit(ClientConnection c, String certificateName) {
        c.admit(certificateName);
        clients.put(c.id().raw(), c);
        event(new ClientEvent(c.id(), ClientEvent.Change.CONNECTED, ""));
        LOG.debug("{}: {} connected", binding, c);
    }

    private static String reasonRefused(ExternalTls tls, Throwable failure) {
        Throwable why = failure;
        while (why instanceof java.util.concurrent.CompletionException && why.getCause() != null) {
            why = why.getCause();
        }
        if (why instanceof HandshakeTimeout) {
            return why.getMessage();
        }
        return why == null ? "it closed the connection before finishing the TLS handshake" : tls.explain(why);
    }

    /**
     * A connection that never became a client: WARN with its address and why, at most
     * {@link #REFUSALS_LOGGED} times every ten seconds per port, then counted.
     */
    private void refused(ClientConnection c, String reason) {
        long now = System.nanoTime();
        long notLogged;
        synchronized (refusals) {
            if (now - refusals.windowStart >= REFUSAL_WINDOW_NANOS) {
                refusals.windowStart = now;
                refusals.logged = 0;
            }
            if (refusals.logged >= REFUSALS_LOGGED) {
                refusals.notLogged++;
                return;
            }
            refusals.logged++;
            notLogged = refusals.notLogged;
            refusals.notLogged = 0;
        }
        LOG.warn("{}: refused a connection from {}: {}{}", binding, c.remote(), reason,
                notLogged == 0 ? "" : " (" + notLogged + " other refusals were not logged)");
    }

    /** Why a connection was cut before its handshake finished. */
    private static final class HandshakeTimeout extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandshakeTimeout(String message) {
            super(message, null, false, false);
        }
    }

    /** Refusals logged in the current window, and those not logged since the last WARN. */
    private static final class Refusals {
        private long windowStart = System.nanoTime() - REFUSAL_WINDOW_NANOS;
        private int logged;
        private long notLogged;
    }

    private Object decodeFrom(ClientConnection c, ByteString frame, Class<?> requestClass) {
        try {
            return frames.decode(frame.toArrayUnsafe(), requestClass);
        } catch (IllegalArgumentException e) {
            c.drop(e.getMessage());
            throw e;
        }
    }

    private void disconnected(ClientConnection c, Throwable failure) {
        clients.remove(c.id().raw());
        boolean wasStalled;
        synchronized (c) {
            wasStalled = stalled.remove(c);
            c.dropWaiting().forEach(frame -> gone(c.id()));
        }
        if (wasStalled) {
            checkStalled();     // the others' replies go on now if this client was the last one waited for
        }
        String dropped = c.dropReason();
        String reason;
        if (!dropped.isEmpty()) {
            reason = dropped;
        } else if (failure instanceof org.apache.pekko.stream.scaladsl.Framing.FramingException f) {
            reason = "sent a frame larger than sluice.external.max-frame-bytes (" + settings.maxFrameBytes()
                    + " bytes): " + f.getMessage();
            c.drop(reason);
        } else if (failure != null) {
            reason = "the connection was lost: " + failure.getMessage();
        } else {
            reason = "the client closed the connection";
        }
        if (!c.dropReason().isEmpty()) {
            LOG.warn("{}: disconnected {}: it {}", binding, c, reason);
        } else {
            LOG.debug("{}: {} disconnected: {}", binding, c, reason);
        }
        event(new ClientEvent(c.id(), ClientEvent.Change.DISCONNECTED, reason));
    }

    /** Hands {@code e} to the connections stream; one that finds its buffer full is lost, and says so. */
    private void event(ClientEvent e) {
        QueueOfferResult result = events.offer(e);
        if (!result.isEnqueued() && result == QueueOfferResult.dropped()) {
            LOG.warn("{}: {} events wait for the flow to take them; this one is lost: {}", binding, EVENTS, e);
        }
    }
}
