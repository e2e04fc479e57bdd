package io.sluice.runtime.node;

import com.typesafe.config.Config;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.RemoteTransport;
import org.apache.pekko.remote.artery.ArteryTransport;
import org.apache.pekko.remote.artery.tcp.ArteryTcpTransport;
import org.apache.pekko.stream.scaladsl.Flow;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;
import scala.util.Try;

/**
 * Sluice's guard on the inbound connections of the ActorSystems it creates (never an
 * application's own): a {@link InboundGuardStage} in front of Pekko's parser on every connection
 * that Artery's {@code tcp} or {@code tls-tcp} transport accepts. See {@code docs/security.md}.
 *
 * <p>Why Sluice needs one: Pekko 1.7.0's {@code TcpFraming} reads each frame's 4-byte length from
 * the wire and hands it to {@code ByteStringParser.ByteReader.take} without a bound. A negative
 * length moves the reader's offset backwards, so the parser emits an empty frame and re-reads the
 * same bytes forever: Pekko's {@code Decoder} logs "Dropping message" for each, one core stays
 * busy, and the connection is never closed, even after the peer has gone. A huge length makes
 * the node buffer up to 2 GiB. Pekko also accepts connections with no timeout at all
 * ({@code idleTimeout = Duration.Inf} in {@code ArteryTcpTransport.bindInboundStreams}), so a
 * connection that never sends a byte, or never finishes its TLS handshake, is held forever. No
 * setting changes either (Pekko fixed the first in apache/pekko#3492, after 1.7.0).
 *
 * <p>How it is installed: Pekko offers no hook for the inbound connection flow, so the guard
 * replaces the flow that {@code ArteryTcpTransport} keeps in its private field
 * {@code inboundConnectionFlow} (read for every accepted connection) with the guard followed by
 * that flow, right after the system starts, and puts itself back every second should Pekko
 * replace the flow (it does when it restarts its inbound streams). If the field is not there (a
 * Pekko version other than 1.7), the node runs unguarded and says so at WARN.
 *
 * <pre>{@code
 * ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "sluice", config);
 * InboundGuard.install(system);   // per sluice.inbound-guard
 * }</pre>
 */
final class InboundGuard {

    private static final Logger LOG = LoggerFactory.getLogger(InboundGuard.class);
    private static final Duration RECHECK = Duration.ofSeconds(1);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** {@code sluice.inbound-guard}: whether to guard, and how long a new connection has to start speaking Artery. */
    record Settings(boolean enabled, Duration handshakeTimeout) {
        Settings {
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
                throw new IllegalArgumentException("sluice.inbound-guard.handshake-timeout must be positive: "
                        + handshakeTimeout);
            }
        }

        static Settings from(Config config) {
            Config s = config.getConfig("sluice.inbound-guard");
            return new Settings(s.getBoolean("enabled"), s.getDuration("handshake-timeout"));
        }
    }

    private final Settings settings;
    private final String address;
    private final int maxFrame;
    private final int maxLargeFrame;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicLong unreported = new AtomicLong();

    private InboundGuard(Settings settings, String address, int maxFrame, int maxLargeFrame) {
        this.settings = settings;
        this.address = address;
        this.maxFrame = maxFrame;
        this.maxLargeFrame = maxLargeFrame;
    }

    /** Guards {@code system}'s inbound Artery connections, unless {@code sluice.inbound-guard.enabled} is off. */
    static void install(ActorSystem<?> system) {
        Settings settings = Settings.from(system.settings().config());
        if (!settings.enabled()) {
            return;
        }
        ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
        if (!(classic.provider() instanceof RemoteActorRefProvider provider)) {
            return;
        }
        RemoteTransport transport = provider.transport();
        if (!(transport instanceof ArteryTcpTransport artery)) {
            LOG.debug("no inbound guard on {}: its transport is {}", system.address(), transport.getClass().getName());
            return;
        }
        VarHandle field;
        try {
            field = MethodHandles.privateLookupIn(ArteryTcpTransport.class, MethodHandles.lookup())
                    .findVarHandle(ArteryTcpTransport.class, "inboundConnectionFlow", Future.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Sluice's inbound guard is not installed on {} (this Pekko's ArteryTcpTransport has no "
                    + "inboundConnectionFlow: {}); a malformed frame can keep this node busy and idle connections "
                    + "are never closed: see docs/security.md", system.address(), e.toString());
            return;
        }
        InboundGuard guard = new InboundGuard(settings, system.address().toString(),
                artery.settings().Advanced().MaximumFrameSize(), artery.settings().Advanced().MaximumLargeFrameSize());
        Installer installer = guard.new Installer(artery, field);
        installer.run();
        classic.scheduler().scheduleWithFixedDelay(RECHECK, RECHECK, installer, classic.dispatcher());
    }

    Settings settings() {
        return settings;
    }

    ArteryFrameChecker newChecker() {
        return new ArteryFrameChecker(maxFrame, maxLargeFrame, ArteryTransport.HighestVersion());
    }

    /**
     * Says that a connection was closed and why: at WARN, at most once every ten seconds per node
     * (a flood of bad connections must not flood the log), with how many were closed meanwhile.
     */
    void closed(String why) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            long others = unreported.getAndSet(0);
            LOG.warn("Closed an inbound connection to {}: {}{}", address, why,
                    others == 0 ? "" : " (and " + others + " other connections in the last 10 s or more)");
        } else {
            unreported.incrementAndGet();
        }
    }

    /** Puts the guard in front of the transport's inbound connection flow, unless it is already there. */
    private final class Installer implements Runnable {
        private final ArteryTcpTransport transport;
        private final VarHandle field;
        private Future<?> installed;

        Installer(ArteryTcpTransport transport, VarHandle field) {
            this.transport = transport;
            this.field = field;
        }

        @Override
        @SuppressWarnings("unchecked")
        public synchronized void run() {
            Future<Flow<ByteString, ByteString, NotUsed>> current =
                    (Future<Flow<ByteString, ByteString, NotUsed>>) field.getVolatile(transport);
            if (current == installed || current == null || !current.isCompleted()) {
                return; // guarded, or Pekko's inbound streams are (re)starting: look again in a second
            }
            Try<Flow<ByteString, ByteString, NotUsed>> flow = current.value().get();
            if (flow.isFailure()) {
                return;
            }
            Flow<ByteString, ByteString, NotUsed> guarded = org.apache.pekko.stream.javadsl.Flow
                    .fromGraph(new InboundGuardStage(InboundGuard.this))
                    .via(flow.get())
                    .asScala();
            Future<Flow<ByteString, ByteString, NotUsed>> replacement = Future.successful(guarded);
            if (field.compareAndSet(transport, current, replacement)) {
                if (installed != null) {
                    LOG.info("Sluice's inbound guard is back in front of {}'s restarted inbound streams", address);
                }
                installed = replacement;
            }
        }
    }
}
