package io.sluice.runtime.node;

import io.sluice.dataflow.FlowFailedException;
import io.sluice.plan.MemberKey;
import io.sluice.runtime.actor.CoordinatorMessage;
import io.sluice.runtime.actor.FlowRuntime;
import io.sluice.runtime.external.ExternalServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * A flow running on ActorSystems that an application owns and that already belong to its Pekko
 * cluster: on each, a {@link FlowGuardian} ({@code /system/sluice-flow-<n>}) holds the members
 * placed there; the first system also holds the coordinator. Members are placed exactly where the
 * deployment put them (no sharding: the application's cluster knows nothing of Sluice's roles).
 * Stopping the flow stops those actors only: the systems, and the application's own actors on
 * them, go on. Several flows may share a system; each has guardians of its own.
 *
 * <pre>{@code
 * EmbeddedFlow flow = EmbeddedFlow.start(runtime, Map.of(system, List.of(new MemberKey(0, 0))));
 * flow.watch().deployed().get();
 * flow.requestStart();
 * }</pre>
 */
public final class EmbeddedFlow {

    private static final AtomicLong FLOWS = new AtomicLong();
    /** How long a new guardian may take to start the coordinator: it is a local spawn. */
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(10);

    private final ActorRef<CoordinatorMessage> coordinator;
    private final FlowWatch watch;
    private final List<ActorRef<FlowGuardian.Command>> guardians;
    private final List<CompletableFuture<Void>> terminated;
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private volatile boolean stopping;

    private EmbeddedFlow(ActorRef<CoordinatorMessage> coordinator, FlowWatch watch,
                         List<ActorRef<FlowGuardian.Command>> guardians, List<CompletableFuture<Void>> terminated) {
        this.coordinator = coordinator;
        this.watch = watch;
        this.guardians = guardians;
        this.terminated = terminated;
        for (int i = 0; i < guardians.size(); i++) {
            String where = guardians.get(i).path().address().toString();
            terminated.get(i).thenRun(() -> {
                if (!stopping && !watch.completed().isDone()) {
                    lost.completeExceptionally(new FlowFailedException("the flow's actors on the ActorSystem at "
                            + where + " stopped before the flow ended (was the system terminated?)"));
                }
            });
        }
    }

    /**
     * Starts the flow's guardians: the first system's with the coordinator, then the others'.
     *
     * @param membersBySystem the members each system hosts, in the deployment's order; the first
     *                        system hosts the coordinator too
     */
    public static EmbeddedFlow start(FlowRuntime runtime, Map<ActorSystem<?>, List<MemberKey>> membersBySystem) {
        if (membersBySystem.isEmpty()) {
            throw new IllegalArgumentException("an embedded flow needs at least one ActorSystem");
        }
        membersBySystem.forEach((system, members) -> ExternalServers.checkSettings(system.settings().config(),
                runtime.plan().graph().externals(),
                members.stream().map(MemberKey::location).collect(Collectors.toSet())));
        String name = "sluice-flow-" + FLOWS.incrementAndGet();
        FlowWatch watch = FlowWatch.create();
        CompletableFuture<ActorRef<CoordinatorMessage>> published = new CompletableFuture<>();
        List<ActorRef<FlowGuardian.Command>> guardians = new ArrayList<>();
        List<CompletableFuture<Void>> terminated = new ArrayList<>();
        ActorRef<CoordinatorMessage> coordinator = null;
        for (Map.Entry<ActorSystem<?>, List<MemberKey>> hosted : new LinkedHashMap<>(membersBySystem).entrySet()) {
            CompletableFuture<Void> gone = new CompletableFuture<>();
            boolean leads = coordinator == null;
            guardians.add(hosted.getKey().systemActorOf(FlowGuardian.create(runtime, hosted.getValue(),
                    leads ? Optional.of(new FlowGuardian.Leading(watch, published)) : Optional.empty(),
                    Optional.ofNullable(coordinator), gone), name, Props.empty()));
            terminated.add(gone);
            if (leads) {
                coordinator = awaitCoordinator(published, guardians);
            }
        }
        return new EmbeddedFlow(coordinator, watch, List.copyOf(guardians), List.copyOf(terminated));
    }

    private static ActorRef<CoordinatorMessage> awaitCoordinator(CompletableFuture<ActorRef<CoordinatorMessage>> published,
                                                                 List<ActorRef<FlowGuardian.Command>> guardians) {
        try {
            return published.get(SPAWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            guardians.forEach(g -> g.tell(new FlowGuardian.Stop()));
            throw new FlowFailedException("the flow's coordinator did not start within " + SPAWN_TIMEOUT.toSeconds()
                    + " s on " + guardians.get(0).path().address(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            guardians.forEach(g -> g.tell(new FlowGuardian.Stop()));
            throw new FlowFailedException("interrupted while starting the flow's coordinator");
        }
    }

    /** The flow's progress: the start barrier, and its completion or failure. */
    public FlowWatch watch() {
        return watch;
    }

    /**
     * Fails when the flow's actors on one of its systems stop before the flow ended and before
     * {@link #stop()} was asked for: their system terminated under the flow. Never completes
     * normally.
     */
    public CompletableFuture<Void> lost() {
        return lost;
    }

    /** Asks the coordinator to start the sources once every member is wired. */
    public void requestStart() {
        coordinator.tell(new CoordinatorMessage.RequestStart());
    }

    /**
     * Stops the flow's actors on every system, and completes when they are all gone. The systems
     * keep running.
     */
    public CompletableFuture<Void> stop() {
        stopping = true;
        guardians.forEach(g -> g.tell(new FlowGuardian.Stop()));
        return CompletableFuture.allOf(terminated.toArray(CompletableFuture[]::new));
    }
}
