package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flows embedded in a Pekko application: three ActorSystems that the application made and joined
 * into its own cluster, each running an application actor, host the members of several flows
 * (one after another, two at once, one that fails); the application's actors answer throughout,
 * and nothing of a flow is left on the systems after it ended.
 */
class EmbeddingTest {

    static final class Leader {
    }

    static final class Worker {
    }

    /** The application's own protocol: a ping answered with the system's address. */
    record Ping(ActorRef<String> replyTo) {
    }

    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs().expect("flow failed: ");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Config APP_CONFIG = ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical.hostname = "127.0.0.1"
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.loglevel = WARNING
            include classpath("sluice-embedding.conf")
            """).withFallback(ConfigFactory.load());

    private static final List<ActorSystem<Ping>> systems = new ArrayList<>();

    @BeforeAll
    static void startTheApplication() {
        for (int i = 0; i < 3; i++) {
            systems.add(ActorSystem.create(application(), "app", APP_CONFIG));
        }
        org.apache.pekko.actor.Address seed = org.apache.pekko.cluster.typed.Cluster.get(systems.get(0)).selfMember()
                .address();
        systems.forEach(s -> org.apache.pekko.cluster.typed.Cluster.get(s).manager().tell(Join.create(seed)));
    }

    @AfterAll
    static void stopTheApplication() throws Exception {
        for (ActorSystem<Ping> s : systems) {
            s.terminate();
        }
        for (ActorSystem<Ping> s : systems) {
            s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static Behavior<Ping> application() {
        return Behaviors.setup(ctx -> Behaviors.receiveMessage(ping -> {
            ping.replyTo().tell(ctx.getSystem().address().toString());
            return Behaviors.same();
        }));
    }

    /** The seed's pipeline: the leader's 0..n-1 round robin to the workers, doubled, summed at the leader. */
    private static Deployment pipeline(long n, ConcurrentLinkedQueue<Long> out, boolean failAt42) {
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(() -> LongStream.range(0, n).boxed().iterator())
                .roundRobin(workers)
                .map(x -> {
                    if (failAt42 && x == 42) {
                        throw new IllegalStateException("no 42 here");
                    }
                    return 2 * x;
                })
                .sendAnonymous(leader)
                .forEach(out::add);
        List<Host> workerHosts = systems.stream().map(deployment::onSystem).toList();
        flow.withProcess(leader, deployment.onSystem(systems.get(0)))
                .withCluster(workers, workerHosts)
                .deploy(deployment);
        return deployment;
    }

    private static void assertTheApplicationAnswersAndNoFlowIsLeft() throws Exception {
        for (ActorSystem<Ping> s : systems) {
            CompletionStage<String> answer = AskPattern.ask(s, Ping::new, Duration.ofSeconds(10), s.scheduler());
            assertEquals(s.address().toString(), answer.toCompletableFuture().get(10, TimeUnit.SECONDS));
            Object identity = Patterns.ask(s.classicSystem().actorSelection("/system/sluice-flow-*"),
                    new Identify("flow"), Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(((ActorIdentity) identity).getActorRef().isEmpty(),
                    "no flow guardian is left on " + s.address() + ": " + identity);
        }
    }

    @Test
    void aFlowRunsOnTheApplicationsSystemsAndLeavesThemRunning() throws Exception {
        ConcurrentLinkedQueue<Long> out = new ConcurrentLinkedQueue<>();
        Deployment deployment = pipeline(10_000, out, false);
        deployment.deploy();
        deployment.start();
        // as an application would: close the deployment from the completion callback
        CompletableFuture<Void> closed = deployment.completion().thenRun(deployment::close).toCompletableFuture();
        closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(10_000, out.size());
        assertEquals(10_000L * 9_999, out.stream().mapToLong(Long::longValue).sum());
        assertTheApplicationAnswersAndNoFlowIsLeft();
    }

    @Test
    void twoFlowsShareTheSystemsAtOnce() throws Exception {
        ConcurrentLinkedQueue<Long> first = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> second = new ConcurrentLinkedQueue<>();
        try (Deployment a = pipeline(5_000, first, false); Deployment b = pipeline(7_000, second, false)) {
            a.deploy();
            b.deploy();
            a.start();
            b.start();
            a.completion().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            b.completion().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(5_000L * 4_999, first.stream().mapToLong(Long::longValue).sum());
        assertEquals(7_000L * 6_999, second.stream().mapToLong(Long::longValue).sum());
        assertTheApplicationAnswersAndNoFlowIsLeft();
    }

    @Test
    void aFailingFlowLeavesTheApplicationAndTheNextFlowRuns() throws Exception {
        try (Deployment failing = pipeline(1_000, new ConcurrentLinkedQueue<>(), true)) {
            failing.deploy();
            failing.start();
            FlowFailedException failure = assertThrows(FlowFailedException.class, () -> failing.awaitCompletion(TIMEOUT));
            assertTrue(failure.getMessage().contains("no 42 here"), failure.getMessage());
        }
        ConcurrentLinkedQueue<Long> out = new ConcurrentLinkedQueue<>();
        try (Deployment next = pipeline(1_000, out, false)) {
            next.deploy();
            next.start();
            assertTrue(next.awaitCompletion(TIMEOUT));
        }
        assertEquals(1_000L * 999, out.stream().mapToLong(Long::longValue).sum());
        assertTheApplicationAnswersAndNoFlowIsLeft();
    }

    @Test
    void aSystemThatIsNotAClusterNodeIsRefusedSayingWhatToAdd() {
        ActorSystem<Void> local = ActorSystem.create(Behaviors.empty(), "plain");
        try (Deployment deployment = new Deployment()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> deployment.onSystem(local));
            assertTrue(e.getMessage().contains("not a cluster node") && e.getMessage().contains("pekko.actor.provider = cluster")
                    && e.getMessage().contains("sluice-embedding.conf"), e.getMessage());
        } finally {
            local.terminate();
        }
    }

    @Test
    void aClusterNodeWithoutSluicesBindingsIsRefusedSayingWhatToInclude() {
        ActorSystem<Void> bare = ActorSystem.create(Behaviors.empty(), "bare", ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.loglevel = ERROR
                """).withFallback(ConfigFactory.load()));
        try (Deployment deployment = new Deployment()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> deployment.onSystem(bare));
            assertTrue(e.getMessage().contains("include classpath(\"sluice-embedding.conf\")")
                    && e.getMessage().contains("io.sluice.runtime.wire.WireMessage"), e.getMessage());
        } finally {
            bare.terminate();
        }
    }

    @Test
    void hostsOfBothKindsAndLocalhostInAnEmbeddingApplicationAreRefused() {
        try (Deployment deployment = new Deployment()) {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            leader.sourceIter(List.of(1)).roundRobin(workers).sendAnonymous(leader).forEach(x -> { });
            IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () ->
                    flow.withProcess(leader, deployment.onSystem(systems.get(0)))
                            .withCluster(workers, List.of(deployment.inJvm())).deploy(deployment));
            assertTrue(mixed.getMessage().contains("not on both"), mixed.getMessage());
        }
        try (Deployment embedding = new Deployment(); Deployment deployment = new Deployment()) {
            embedding.onSystem(systems.get(1));
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            leader.sourceIter(List.of(1)).forEach(x -> { });
            IllegalStateException relaunch = assertThrows(IllegalStateException.class, () ->
                    flow.withProcess(leader, deployment.localhost()).deploy(deployment));
            assertTrue(relaunch.getMessage().contains("sluice.localhost.main-class")
                    && relaunch.getMessage().contains("onSystem"), relaunch.getMessage());
        }
    }
}
