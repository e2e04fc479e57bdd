package io.sluice.runtime.node;

import io.sluice.dataflow.FlowFailedException;
import io.sluice.runtime.actor.MemberMessage;
import io.sluice.runtime.wire.WireMessage;
import io.sluice.runtime.wire.WireSerializer;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.serialization.JavaSerializer;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;

/**
 * What an application's ActorSystem must be to host members of a flow, checked before any actor
 * of the flow is started there: a cluster node, with the serializer bindings of Sluice's messages
 * ({@code sluice-embedding.conf}), Up in the same cluster as the flow's other systems.
 */
public final class HostSystems {

    private static final String INCLUDE = "include classpath(\"sluice-embedding.conf\")";

    private HostSystems() {
    }

    /**
     * Checks the configuration of {@code system}.
     *
     * @throws IllegalArgumentException saying what the system's configuration lacks and how to add it
     */
    public static void checkConfig(ActorSystem<?> system) {
        ExtendedActorSystem classic = (ExtendedActorSystem) system.classicSystem();
        if (!(classic.provider() instanceof ClusterActorRefProvider)) {
            throw new IllegalArgumentException("ActorSystem " + system.name() + " cannot host a flow's members: it is"
                    + " not a cluster node (pekko.actor.provider = " + system.settings().config()
                    .getString("pekko.actor.provider") + "); create it with pekko.actor.provider = cluster, join it to"
                    + " your cluster, and add " + INCLUDE + " to its configuration");
        }
        Serialization serialization = SerializationExtension.get(classic);
        requireBinding(system, serialization, WireMessage.Batch.class, true);
        requireBinding(system, serialization, MemberMessage.Wake.class, false);
    }

    private static void requireBinding(ActorSystem<?> system, Serialization serialization, Class<?> type,
                                       boolean wire) {
        String found;
        try {
            Serializer serializer = serialization.serializerFor(type);
            boolean right = wire ? serializer instanceof WireSerializer : !(serializer instanceof JavaSerializer);
            if (right) {
                return;
            }
            found = "it is bound to " + serializer.getClass().getName();
        } catch (NotSerializableException | RuntimeException e) {
            found = "it has no serializer binding";
        }
        throw new IllegalArgumentException("ActorSystem " + system.name() + " cannot host a flow's members: "
                + type.getName() + " must be serialized by Sluice's bindings, but " + found + "; add " + INCLUDE
                + " to the system's configuration (application.conf)");
    }

    /**
     * Waits until every system of {@code systems} is Up in its cluster, and checks that they are all
     * in the cluster of the first.
     *
     * @throws FlowFailedException      when one is not Up within {@code timeout}, naming it
     * @throws IllegalArgumentException when they are not all in one cluster
     */
    public static void awaitUp(List<ActorSystem<?>> systems, Duration timeout) {
        List<CompletableFuture<Void>> up = new ArrayList<>();
        for (ActorSystem<?> system : systems) {
            CompletableFuture<Void> isUp = new CompletableFuture<>();
            Cluster.get(system.classicSystem()).registerOnMemberUp(() -> isUp.complete(null));
            up.add(isUp);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < systems.size(); i++) {
            try {
                up.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                Cluster cluster = Cluster.get(systems.get(i).classicSystem());
                throw new FlowFailedException("ActorSystem " + systems.get(i).name() + " at " + cluster.selfAddress()
                        + " is not Up in a Pekko cluster after " + timeout.toSeconds() + " s (its status: "
                        + cluster.selfMember().status() + "); join it to your cluster before deploying a flow on it");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FlowFailedException("interrupted while waiting for the flow's ActorSystems to be Up");
            }
        }
        Cluster first = Cluster.get(systems.get(0).classicSystem());
        for (ActorSystem<?> system : systems.subList(1, systems.size())) {
            Cluster other = Cluster.get(system.classicSystem());
            boolean known = false;
            for (Member m : first.state().getMembers()) {
                known |= m.address().equals(other.selfAddress()) && !m.status().equals(MemberStatus.removed());
            }
            if (!known) {
                throw new IllegalArgumentException("ActorSystems " + systems.get(0).name() + " at "
                        + first.selfAddress() + " and " + system.name() + " at " + other.selfAddress()
                        + " are not in the same Pekko cluster; a flow's systems must all be members of one cluster");
            }
        }
    }
}
