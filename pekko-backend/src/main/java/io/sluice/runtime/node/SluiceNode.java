package io.sluice.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.sluice.plan.FlowPlan;
import io.sluice.plan.MemberKey;
import io.sluice.plan.Roles;
import io.sluice.runtime.actor.Coordinator;
import io.sluice.runtime.actor.CoordinatorMessage;
import io.sluice.runtime.actor.FlowEvent;
import io.sluice.runtime.actor.FlowRuntime;
import io.sluice.runtime.actor.MemberActor;
import io.sluice.runtime.actor.MemberDirectory;
import io.sluice.runtime.actor.MemberMessage;
import io.sluice.runtime.actor.RuntimeSettings;
import io.sluice.runtime.external.ExternalServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.event.Logging;

/**
 * One ActorSystem taking part in a flow: the driver (which hosts the coordinator and is the
 * seed) or a node hosting members. Every node registers one sharded entity type per location
 * (members of a location are entities {@code 0..n-1}, placed by {@link MemberPlacement} on their
 * own nodes, or on spares when those are lost; the shard coordinators run on the oldest node,
 * the driver) and the coordinator singleton; once Up, a member node
 * wakes the members it hosts, and keeps doing so every {@code sluice.wake-interval}. Pekko's own
 * messages are logged at {@code sluice.pekko-log-level} unless the application set
 * {@code pekko.loglevel} (see {@code PekkoLogLevel}).
 *
 * <pre>{@code
 * SluiceNode driver = SluiceNode.startDriver(runtime, "127.0.0.1");
 * SluiceNode worker = SluiceNode.startMembers(runtime, List.of(new MemberKey(1, 0)), "127.0.0.1", 0,
 *         List.of(driver.address()), false);
 * driver.events().deployed().get();
 * }</pre>
 */
public final class SluiceNode {

    /**
     * The nodes Sluice starts exist for one flow and stop together when it ends: leaving the
     * cluster one by one (handing shards off, waiting for the leader to see each exit) would only
     * cost seconds and warnings, so those phases of coordinated shutdown are skipped.
     */
    private static final Config WHOLE_FLOW_SHUTDOWN = ConfigFactory.parseString("""
            pekko.coordinated-shutdown.phases {
              cluster-sharding-shutdown-region.enabled = off
              cluster-leave.enabled = off
              cluster-exiting.enabled = off
              cluster-exiting-done.enabled = off
              cluster-shutdown.enabled = off
            }
            """);

    private final ActorSystem<Void> system;
    private final ActorRef<CoordinatorMessage> coordinator;

    private SluiceNode(ActorSystem<Void> system, ActorRef<CoordinatorMessage> coordinator) {
        this.system = system;
        this.coordinator = coordinator;
    }

    /** Starts the driver node on {@code hostname}, a free port, joining itself: the cluster's seed. */
    public static SluiceNode startDriver(FlowRuntime runtime, String hostname) {
        SluiceNode node = start(runtime, hostname, 0, List.of(Roles.DRIVER), List.of());
        Cluster cluster = Cluster.get(node.system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        return node;
    }

    /**
     * Starts a node that hosts {@code members} and joins the cluster through {@code seeds}
     * (addresses such as {@code pekko://sluice@127.0.0.1:25520}; a node whose own address is the
     * first seed forms the cluster).
     *
     * @param port             the port to bind, 0 for a free one
     * @param hostsCoordinator whether the flow's coordinator may run here (it runs on the oldest
     *                         such node)
     */
    public static SluiceNode startMembers(FlowRuntime runtime, List<MemberKey> members, String hostname, int port,
                                          List<String> seeds, boolean hostsCoordinator) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed nodes: a node needs at least one address to join, "
                    + "e.g. pekko://sluice@127.0.0.1:25520");
        }
        SluiceNode node = start(runtime, hostname, port, memberRoles(members, hostsCoordinator), members);
        List<Address> seedAddresses = seeds.stream().map(AddressFromURIString::parse).toList();
        Cluster.get(node.system).manager().tell(new JoinSeedNodes(seedAddresses));
        return node;
    }

    /**
     * Starts a spare node of {@code location}: it hosts no member at first, and a member of that
     * location lost with its node restarts here (sharding places it on the least loaded node of
     * the location). It joins the cluster through {@code seeds}.
     */
    public static SluiceNode startSpare(FlowRuntime runtime, int location, String hostname, int port,
                                        List<String> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed nodes: a spare node needs at least one address to join");
        }
        SluiceNode node = start(runtime, hostname, port, List.of(Roles.location(location), Roles.spare(location)),
                List.of());
        List<Address> seedAddresses = seeds.stream().map(AddressFromURIString::parse).toList();
        Cluster.get(node.system).manager().tell(new JoinSeedNodes(seedAddresses));
        return node;
    }

    /**
     * Starts a node that hosts {@code members} and the coordinator, and forms the cluster by
     * joining itself: the seed, when the driver is a member's node (a launcher's first child).
     */
    public static SluiceNode startSeedMembers(FlowRuntime runtime, List<MemberKey> members, String hostname, int port) {
        SluiceNode node = start(runtime, hostname, port, memberRoles(members, true), members);
        Cluster cluster = Cluster.get(node.system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        return node;
    }

    /**
     * A node's roles: each hosted member's ({@link MemberPlacement} places members by them), its
     * locations', and the driver's if it may host the coordinator.
     */
    private static List<String> memberRoles(List<MemberKey> members, boolean hostsCoordinator) {
        List<String> roles = new ArrayList<>();
        if (hostsCoordinator) {
            roles.add(Roles.DRIVER);
        }
        for (MemberKey m : members) {
            String location = Roles.location(m.location());
            if (!roles.contains(location)) {
                roles.add(location);
            }
            roles.add(m.role());
        }
        return roles;
    }

    private static SluiceNode start(FlowRuntime runtime, String hostname, int port, List<String> roles,
                                    List<MemberKey> members) {
        ExternalServers.checkSettings(runtime.config(), runtime.plan().graph().externals(),
                members.stream().map(MemberKey::location).collect(Collectors.toSet()));
        Config config = PekkoLogLevel.applyTo(WHOLE_FLOW_SHUTDOWN
                .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"))
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(hostname))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles))
                .withFallback(NodeDefaults.applyTo(runtime.config())));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "sluice", config);
        try {
            InboundGuard.install(system);
            MemberGate.install(system);
            return init(system, runtime, members);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    private static SluiceNode init(ActorSystem<Void> system, FlowRuntime runtime, List<MemberKey> members) {
        FlowPlan plan = runtime.plan();
        ClusterSharding sharding = ClusterSharding.get(system);
        Cluster cluster = Cluster.get(system);
        for (int l = 0; l < plan.sizes().size(); l++) {
            int location = l;
            sharding.init(Entity.of(entityType(location), ctx ->
                            MemberActor.create(runtime, new MemberKey(location, Integer.parseInt(ctx.getEntityId()))))
                    .withMessageExtractor(new ByMemberId())
                    .withAllocationStrategy(new MemberPlacement(cluster, location))
                    .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
        }
        MemberDirectory directory = (key, message) -> sharding.entityRefFor(entityType(key.location()),
                String.valueOf(key.member())).tell(message);
        ActorRef<CoordinatorMessage> coordinator = ClusterSingleton.get(system).init(
                SingletonActor.of(Coordinator.create(runtime, directory), "sluice-coordinator")
                        .withSettings(ClusterSingletonSettings.create(system).withRole(Roles.DRIVER)));
        if (!members.isEmpty()) {
            system.systemActorOf(waker(members, coordinator, runtime.settings()), "sluice-waker", Props.empty());
        }
        return new SluiceNode(system, coordinator);
    }

    static EntityTypeKey<MemberMessage> entityType(int location) {
        return EntityTypeKey.create(MemberMessage.class, "sluice-location-" + location);
    }

    /** Wakes the hosted members once this node is Up, then every wake interval. */
    private static Behavior<Object> waker(List<MemberKey> members, ActorRef<CoordinatorMessage> coordinator,
                                          RuntimeSettings settings) {
        record Tick() {
        }
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), SelfUp.class));
            ClusterSharding sharding = ClusterSharding.get(ctx.getSystem());
            return Behaviors.receive(Object.class)
                    .onMessage(SelfUp.class, up -> {
                        timers.startTimerWithFixedDelay(new Tick(), settings.wakeInterval());
                        ctx.getSelf().tell(new Tick());
                        return Behaviors.same();
                    })
                    .onMessage(Tick.class, t -> {
                        for (MemberKey m : members) {
                            sharding.entityRefFor(entityType(m.location()), String.valueOf(m.member()))
                                    .tell(MemberMessage.Wake.fromBeginning(coordinator, 0));
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    /** This node's address, e.g. {@code pekko://sluice@127.0.0.1:41234}. */
    public String address() {
        return Cluster.get(system).selfMember().address().toString();
    }

    /**
     * Follows the flow's progress from this node: futures that complete when the start barrier
     * is passed and when the flow has completed, or fail with the flow's failure.
     */
    public FlowWatch watch() {
        return watch(r -> { });
    }

    /** As {@link #watch()}; {@code onRestart} also hears of every member that restarted on another node. */
    public FlowWatch watch(java.util.function.Consumer<FlowEvent.MemberRestarted> onRestart) {
        FlowWatch watch = FlowWatch.create();
        ActorRef<FlowEvent> listener = system.systemActorOf(FlowListener.create(watch, this::expectPeersToVanish,
                        onRestart),
                "sluice-watch-" + System.nanoTime(), Props.empty());
        coordinator.tell(new CoordinatorMessage.Subscribe(listener));
        return watch;
    }

    /**
     * Once the cluster has downed or removed this node, or another node has quarantined it (it
     * was declared lost, after a long pause say), runs {@code notice} and then this node's
     * coordinated shutdown for that reason. Pekko may also stop the system by itself then, before
     * this notices: {@link #whenTerminated} covers that.
     */
    public void onDowned(Runnable notice) {
        Address self = Cluster.get(system).selfMember().address();
        system.systemActorOf(Behaviors.<Object>setup(ctx -> {
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(),
                    ClusterEvent.MemberDowned.class));
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(),
                    ClusterEvent.MemberRemoved.class));
            ctx.getSystem().classicSystem().eventStream().subscribe(Adapter.toClassic(ctx.getSelf()),
                    ThisActorSystemQuarantinedEvent.class);
            boolean[] noticed = {false};
            return Behaviors.receiveMessage(event -> {
                boolean gone = event instanceof ThisActorSystemQuarantinedEvent
                        || event instanceof ClusterEvent.MemberDowned d && d.member().address().equals(self)
                        || event instanceof ClusterEvent.MemberRemoved r && r.member().address().equals(self);
                if (gone && !noticed[0]) {
                    noticed[0] = true;
                    notice.run();
                    CoordinatedShutdown.get(ctx.getSystem()).run(CoordinatedShutdown.clusterDowningReason());
                }
                return Behaviors.same();
            });
        }), "sluice-downed-watch", Props.empty());
    }

    /**
     * Downs the node at {@code address} (e.g. {@code pekko://sluice@127.0.0.1:41234}) now: its
     * process is known to be gone, so the failure detector need not be waited for. Ignored when
     * it is not a member of the cluster.
     */
    public void down(String address) {
        Cluster.get(system).manager().tell(new org.apache.pekko.cluster.typed.Down(AddressFromURIString.parse(address)));
    }

    /** Asks the coordinator to start the sources once every member is wired. */
    public void requestStart() {
        coordinator.tell(new CoordinatorMessage.RequestStart());
    }

    /**
     * Tells the flow's coordinator (a cluster singleton), when this node hosts it (the driver's
     * role), that the deployment is stopping the flow: the members' nodes going next is then no
     * loss to restart from or fail for. Returns once it has taken note, or after {@code limit};
     * does nothing on other nodes.
     */
    public void stopFlow(Duration limit) {
        if (system.getWhenTerminated().toCompletableFuture().isDone()
                || !Cluster.get(system).selfMember().hasRole(Roles.DRIVER)) {
            return;
        }
        try {
            AskPattern.<CoordinatorMessage, Done>ask(coordinator, CoordinatorMessage.Stop::new, limit, system.scheduler())
                    .toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the coordinator is gone or busy: the members stop anyway, with what it makes of it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * From now on the flow's nodes are stopping together, so peers vanishing is expected: Pekko's
     * warnings about them (unreachable, quarantined, terminated) are no longer logged by this node.
     * Errors still are.
     */
    public void expectPeersToVanish() {
        system.classicSystem().eventStream().setLogLevel(Logging.ErrorLevel());
    }

    /** Completes when this node's ActorSystem has terminated, for whatever reason. */
    public CompletionStage<Void> whenTerminated() {
        return system.getWhenTerminated().thenApply(done -> null);
    }

    /** Terminates this node's ActorSystem; completes when it is gone. */
    public CompletionStage<Void> terminate() {
        expectPeersToVanish();
        system.terminate();
        return system.getWhenTerminated().thenApply(done -> null);
    }

    /** Routes sharding envelopes to the entity, and entity {@code k} to shard {@code k}. */
    private static final class ByMemberId extends ShardingMessageExtractor<ShardingEnvelope<MemberMessage>, MemberMessage> {
        @Override
        public String entityId(ShardingEnvelope<MemberMessage> envelope) {
            return envelope.entityId();
        }

        @Override
        public String shardId(String entityId) {
            return entityId;
        }

        @Override
        public MemberMessage unwrapMessage(ShardingEnvelope<MemberMessage> envelope) {
            return envelope.message();
        }
    }
}
