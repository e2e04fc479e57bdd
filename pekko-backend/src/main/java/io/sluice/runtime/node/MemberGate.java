package io.sluice.runtime.node;

import io.sluice.runtime.wire.WireMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.InternalActorRef;
import org.apache.pekko.actor.PossiblyHarmful;
import org.apache.pekko.actor.WrappedMessage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.dispatch.sysmsg.DeathWatchNotification;
import org.apache.pekko.dispatch.sysmsg.Unwatch;
import org.apache.pekko.dispatch.sysmsg.Watch;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.artery.ArteryTransport;
import org.apache.pekko.remote.artery.InboundEnvelope;
import org.apache.pekko.remote.artery.MessageDispatcher;
import org.apache.pekko.remote.artery.OutboundContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Only members are heard: on an ActorSystem Sluice creates (never an application's own), a
 * message that arrives over Artery from a system that is not a member of the cluster is dropped
 * before it reaches any actor when it is
 * <ul>
 *   <li>one of Sluice's data-plane messages ({@link WireMessage}: batches, ends, acks), sent
 *       straight to an actor, through an {@code actorSelection} (wildcards included) or inside a
 *       sharding envelope;</li>
 *   <li>{@link PossiblyHarmful} ({@code PoisonPill}, {@code Kill}, system messages that stop,
 *       create or supervise actors), again bare or wrapped; remote deathwatch excepted;</li>
 *   <li>addressed to the remote daemon (remote deployment).</li>
 * </ul>
 * Everything else passes as before, so a node that is joining can still reach the cluster's own
 * actors (its {@code InitJoin} and {@code Join} come from a non-member). Sluice's control messages
 * ({@code ControlMessage}) pass too: a node sends some (its subscription to the flow's events)
 * as soon as it has joined, before every node has seen it join (measured: ConfiguredNodesTest's
 * coordinator refused one, and the node waited for the flow's start for good). Data-plane
 * messages cannot come that early: a member sends them only after the flow's start barrier,
 * itself many round trips after the cluster took every member in. Members are heard as
 * before. Each non-member whose message is dropped is logged at WARN once, by the address its
 * connection's handshake gave (Artery's association: the only origin Pekko knows; see
 * {@code docs/security.md} for what it is worth without TLS), then at DEBUG with a count.
 *
 * <p>How it is installed: Pekko's Artery hands every inbound message, with its association, to
 * the {@code MessageDispatcher} kept in {@code ArteryTransport}'s private volatile field
 * {@code messageDispatcher}, read for each message; Pekko offers no hook there, so the gate
 * replaces that field with itself (a {@code MessageDispatcher} whose {@code dispatch} checks,
 * then calls Pekko's). A message that arrived before the gate was installed, right after the
 * system bound its port, was dispatched unchecked; no flow actor exists that early. If the
 * field is not there (a Pekko other than 1.7), the node runs without the gate and says so at
 * WARN.
 *
 * <p>Cost: for each inbound message, unwrapping (at most a selection around a sharding envelope)
 * and three {@code instanceof} checks; for a message of the kinds above, one lookup of its
 * origin's address in a concurrent map of members. That is per batch, never per element.
 *
 * <pre>{@code
 * ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "sluice", config);
 * MemberGate.install(system);   // per sluice.members-only
 * }</pre>
 */
final class MemberGate extends MessageDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(MemberGate.class);
    /** More refused origins than this are not remembered: the rest go to DEBUG. */
    private static final int MAX_WARNED = 1024;
    /** Wrappers inside wrappers deeper than this are refused from a non-member. */
    private static final int MAX_WRAPPING = 4;

    private final String self;
    private final InternalActorRef remoteDaemon;
    /** The cluster's members as this node sees them, by address, with their incarnation's uid. */
    private final Map<Address, Long> members = new ConcurrentHashMap<>();
    /** Former members (removed from the cluster), to say so when they are refused. */
    private final Set<Address> removed = ConcurrentHashMap.newKeySet();
    private final Set<Address> warned = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();

    private MemberGate(ExtendedActorSystem system, RemoteActorRefProvider provider) {
        super(system, provider);
        this.self = system.provider().getDefaultAddress().toString();
        this.remoteDaemon = provider.remoteDaemon();
    }

    /** Gates {@code system}'s inbound Artery messages, unless {@code sluice.members-only} is off. */
    static void install(ActorSystem<?> system) {
        if (!system.settings().config().getBoolean("sluice.members-only")) {
            return;
        }
        ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
        if (!(classic.provider() instanceof RemoteActorRefProvider provider)
                || !(provider.transport() instanceof ArteryTransport artery)) {
            LOG.debug("no member gate on {}: it does not run Artery", system.address());
            return;
        }
        VarHandle field;
        try {
            field = MethodHandles.privateLookupIn(ArteryTransport.class, MethodHandles.lookup())
                    .findVarHandle(ArteryTransport.class, "messageDispatcher", MessageDispatcher.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Sluice's member gate is not installed on {} (this Pekko's ArteryTransport has no "
                    + "messageDispatcher: {}); any system that reaches this node's port can send to a flow's "
                    + "actors: see docs/security.md", system.address(), e.toString());
            return;
        }
        MemberGate gate = new MemberGate(classic, provider);
        system.systemActorOf(gate.membership(), "sluice-member-gate", Props.empty());
        field.setVolatile(artery, gate);
    }

    /** Follows the cluster's membership: a member is heard from its join until it is removed. */
    private Behavior<ClusterEvent.MemberEvent> membership() {
        return Behaviors.setup(ctx -> {
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(ctx.getSelf(), ClusterEvent.MemberEvent.class));
            return Behaviors.receiveMessage(event -> {
                Address address = event.member().address();
                long uid = event.member().uniqueAddress().longUid();
                if (event instanceof ClusterEvent.MemberRemoved) {
                    if (members.remove(address, uid) && removed.size() < MAX_WARNED) {
                        removed.add(address);
                    }
                } else {
                    members.put(address, uid);
                }
                return Behaviors.same();
            });
        });
    }

    @Override
    public void dispatch(InboundEnvelope envelope) {
        Object message = envelope.message();
        int depth = 0;
        while (message instanceof WrappedMessage wrapped && depth++ < MAX_WRAPPING) {
            message = wrapped.message();
        }
        boolean gated = message instanceof WireMessage
                || message instanceof PossiblyHarmful && !isDeathWatch(message) || message instanceof WrappedMessage
                || envelope.recipient() == remoteDaemon;
        if (gated) {
            OutboundContext association = envelope.association();
            Address origin = association == null ? null : association.remoteAddress();
            if (origin == null || !members.containsKey(origin)) {
                refuse(origin, message);
                return;
            }
        }
        super.dispatch(envelope);
    }

    /**
     * Remote deathwatch passes: a node that has just joined watches other nodes' actors before
     * they have all seen it join (measured: LeavingMembersTest's nodes refused such watches), and
     * a dropped watch is never sent again. A non-member that watches learns when an actor stops.
     */
    private static boolean isDeathWatch(Object message) {
        return message instanceof Watch || message instanceof Unwatch || message instanceof DeathWatchNotification;
    }

    private void refuse(Address origin, Object message) {
        long count = refused.incrementAndGet();
        String from = origin == null ? "a system whose handshake is not complete" : origin.toString();
        String what = message.getClass().getName();
        String status = origin != null && removed.contains(origin) ? "no longer a member" : "not a member";
        if (origin != null && warned.size() < MAX_WARNED && warned.add(origin)) {
            LOG.warn("{} refused {} from {}, which is {} of the cluster ({} refused so far); further "
                    + "messages refused from it are logged at DEBUG", self, what, from, status, count);
        } else {
            LOG.debug("{} refused {} from {}, which is {} of the cluster ({} refused so far)",
                    self, what, from, status, count);
        }
    }
}
