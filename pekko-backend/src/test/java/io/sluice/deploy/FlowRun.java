package io.sluice.deploy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flow run in this JVM, for tests: every member of every location is an {@code inJvm()}
 * ActorSystem, and together they form a cluster on loopback. The test names where its
 * locations go, starts the run (deploy, then start the sources), awaits its end, and reads the
 * output; closing the run stops every member.
 *
 * <pre>{@code
 * FlowRun.of(flow).process(leader).cluster(workers, 3).toCompletion(Duration.ofSeconds(60));
 *
 * try (FlowRun run = FlowRun.of(flow).process(leader).cluster(workers, 3).start()) {
 *     run.awaitCompletion(Duration.ofSeconds(60));
 *     assertEquals(List.of("0", "2"), run.deployment().stdout(leader));
 * }
 * }</pre>
 */
public final class FlowRun implements AutoCloseable {

    private final Deployment deployment;

    private FlowRun(Deployment deployment) {
        this.deployment = deployment;
    }

    /** Starts describing a run of {@code flow}: where its locations go, and its settings. */
    public static Placement of(FlowBuilder flow) {
        return new Placement(flow);
    }

    /** The running deployment: its members' output, {@link Deployment#crash}, and so on. */
    public Deployment deployment() {
        return deployment;
    }

    /** Asserts that the flow completes within {@code timeout}; a failure is thrown as it is. */
    public void awaitCompletion(Duration timeout) {
        assertTrue(deployment.awaitCompletion(timeout), "the flow did not complete within " + timeout);
    }

    /** Asserts that the flow fails within {@code timeout}, and returns the failure. */
    public FlowFailedException awaitFailure(Duration timeout) {
        return assertThrows(FlowFailedException.class, () -> deployment.awaitCompletion(timeout),
                "the flow was expected to fail within " + timeout);
    }

    /** Stops every member. */
    @Override
    public void close() {
        deployment.stop();
    }

    /** Where a run's locations go, and its settings; then {@link #start()}. */
    public static final class Placement {
        private final FlowBuilder flow;
        private final List<BiConsumer<FlowBuilder, Deployment>> places = new ArrayList<>();
        private Config config = ConfigFactory.load();

        private Placement(FlowBuilder flow) {
            this.flow = flow;
        }

        /** Runs {@code process} on a member in this JVM. */
        public Placement process(Process<?> process) {
            places.add((f, d) -> f.withProcess(process, d.inJvm()));
            return this;
        }

        /** Runs {@code cluster} as {@code members} members in this JVM. */
        public Placement cluster(Cluster<?> cluster, int members) {
            places.add((f, d) -> f.withCluster(cluster, Collections.nCopies(members, d.inJvm())));
            return this;
        }

        /** Gives {@code location} {@code nodes} spare nodes in this JVM ({@code withSpares}). */
        public Placement spares(io.sluice.dataflow.Location location, int nodes) {
            places.add((f, d) -> f.withSpares(location, Collections.nCopies(nodes, d.inJvm())));
            return this;
        }

        /** Settings over the defaults, in HOCON (e.g. {@code "sluice.channel.window = 2"}). */
        public Placement config(String hocon) {
            return config(ConfigFactory.parseString(hocon));
        }

        /** Settings over those given so far. */
        public Placement config(Config settings) {
            config = settings.withFallback(config);
            return this;
        }

        /** Deploys the flow (members join, get wired) and starts its sources. */
        public FlowRun start() {
            Deployment deployment = new Deployment(config);
            places.forEach(p -> p.accept(flow, deployment));
            flow.deploy(deployment);
            FlowRun run = new FlowRun(deployment);
            try {
                deployment.deploy();
                deployment.start();
            } catch (RuntimeException | Error e) {
                run.close();
                throw e;
            }
            return run;
        }

        /** Starts the run, asserts that it completes within {@code timeout}, and stops it. */
        public void toCompletion(Duration timeout) {
            try (FlowRun run = start()) {
                run.awaitCompletion(timeout);
            }
        }
    }
}
