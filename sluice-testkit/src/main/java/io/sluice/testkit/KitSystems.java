package io.sluice.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * The kit's ActorSystems: {@code n} cluster nodes in this JVM on 127.0.0.1, each on a port the
 * operating system picks free (port 0: no race with other processes for a port chosen ahead),
 * joined into one cluster, Up before the first flow. They host the members of every flow of a
 * test class, through {@code Deployment.onSystem}, and are terminated together at the end.
 */
final class KitSystems {

    /**
     * What a system of the kit is. Systems stop all at once, so none leaves the cluster
     * gracefully (which costs seconds per node and buys nothing here); no downing, and a long
     * heartbeat pause, so that a CI machine's stalls never split the test cluster.
     */
    static final Config NODE = ConfigFactory.parseString("""
            include classpath("sluice-embedding.conf")
            pekko {
              loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
              logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
              loglevel = WARNING
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor.provider = cluster
              actor.allow-java-serialization = off
              remote.artery {
                transport = tcp
                canonical.hostname = "127.0.0.1"
                canonical.port = 0
              }
              cluster {
                jmx.multi-mbeans-in-same-jvm = on
                log-info = off
                failure-detector.acceptable-heartbeat-pause = 10s
              }
              coordinated-shutdown.phases {
                cluster-sharding-shutdown-region.enabled = off
                cluster-leave.enabled = off
                cluster-exiting.enabled = off
                cluster-exiting-done.enabled = off
                cluster-shutdown.enabled = off
              }
            }
            """);

    private final List<ActorSystem<Void>> systems;

    private KitSystems(List<ActorSystem<Void>> systems) {
        this.systems = systems;
    }

    /**
     * Starts {@code n} systems and waits until every one is Up in their cluster.
     *
     * @param settings the kit's settings, over {@link #NODE}
     * @throws IllegalStateException when they are not all Up within {@code timeout}; they are stopped then
     */
    static KitSystems start(int n, Config settings, Duration timeout) {
        Config config = settings.withFallback(NODE).withFallback(ConfigFactory.load());
        List<ActorSystem<Void>> systems = new ArrayList<>();
        KitSystems kit = new KitSystems(systems);
        // Made in parallel: most of a system's start is class loading and Artery's binding, which
        // overlap well (3 systems: ~2 s instead of ~4.5 s in a fresh JVM).
        List<CompletableFuture<ActorSystem<Void>>> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            made.add(CompletableFuture.supplyAsync(() -> ActorSystem.create(Behaviors.empty(), "sluice-test", config)));
        }
        try {
            List<CompletableFuture<Void>> up = new ArrayList<>();
            for (CompletableFuture<ActorSystem<Void>> m : made) {
                ActorSystem<Void> system = m.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                systems.add(system);
                CompletableFuture<Void> memberUp = new CompletableFuture<>();
                org.apache.pekko.cluster.Cluster.get(system.classicSystem())
                        .registerOnMemberUp(() -> memberUp.complete(null));
                up.add(memberUp);
            }
            Address seed = Cluster.get(systems.get(0)).selfMember().address();
            systems.forEach(s -> Cluster.get(s).manager().tell(Join.create(seed)));
            CompletableFuture.allOf(up.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return kit;
        } catch (TimeoutException | ExecutionException e) {
            stopStragglers(made, systems);
            kit.stop(timeout);
            throw new IllegalStateException("the test kit's " + n + " ActorSystems did not start and form a cluster within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopStragglers(made, systems);
            kit.stop(timeout);
            throw new IllegalStateException("interrupted while the test kit's ActorSystems formed a cluster", e);
        } catch (RuntimeException | Error e) {
            stopStragglers(made, systems);
            kit.stop(timeout);
            throw e;
        }
    }

    /** Terminates the systems that were made (or will be) but are not among {@code taken}, when a start failed. */
    private static void stopStragglers(List<CompletableFuture<ActorSystem<Void>>> made, List<ActorSystem<Void>> taken) {
        for (CompletableFuture<ActorSystem<Void>> m : made) {
            m.thenAccept(system -> {
                if (!taken.contains(system)) {
                    system.terminate();
                }
            });
        }
    }

    /** The system at {@code index} modulo the number of systems. */
    ActorSystem<Void> get(int index) {
        return systems.get(index % systems.size());
    }

    int size() {
        return systems.size();
    }

    /**
     * Terminates every system at once and waits for all of them, at most {@code timeout}.
     *
     * @throws IllegalStateException naming the systems still running after {@code timeout}
     */
    void stop(Duration timeout) {
        systems.forEach(ActorSystem::terminate);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> running = new ArrayList<>();
        for (ActorSystem<Void> s : systems) {
            try {
                s.getWhenTerminated().toCompletableFuture()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                running.add(s.address().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.add(s.address().toString());
            }
        }
        if (!running.isEmpty()) {
            throw new IllegalStateException("the test kit's ActorSystems " + running + " did not terminate within "
                    + timeout.toSeconds() + " s");
        }
    }
}
