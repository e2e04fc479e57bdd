package io.sluice.deploy.launch;

import com.typesafe.config.Config;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.plan.MemberKey;
import io.sluice.runtime.actor.FlowRuntime;
import io.sluice.runtime.node.EmbeddedFlow;
import io.sluice.runtime.node.HostSystems;
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
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The flow runs on ActorSystems the application owns ({@code onSystem} hosts): every member
 * where the deployment placed it, the coordinator on the first member's system. Nothing is
 * launched and no system is created or stopped: when the flow ends (completes, fails, or is
 * stopped) its actors stop and the systems go on.
 */
public final class EmbeddedRun implements Run {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final FlowGraph graph;
    private final Map<Integer, List<Host>> placement;
    private final Config config;
    /** Fails when a system hosting members terminates under the flow. */
    private CompletableFuture<Void> fault = new CompletableFuture<>();
    private FlowRuntime runtime;
    private EmbeddedFlow flow;

    public EmbeddedRun(FlowGraph graph, Map<Integer, List<Host>> placement, Config config) {
        this.graph = graph;
        this.placement = placement;
        this.config = config;
    }

    @Override
    public void deploy() {
        Map<ActorSystem<?>, List<MemberKey>> bySystem = new LinkedHashMap<>();
        List<Integer> sizes = new ArrayList<>();
        for (LocationInfo l : graph.locations()) {
            List<Host> hosts = placement.get(l.id());
            sizes.add(hosts.size());
            for (int m = 0; m < hosts.size(); m++) {
                ActorSystem<?> system = ((SystemHost) hosts.get(m)).system();
                bySystem.computeIfAbsent(system, s -> new ArrayList<>()).add(new MemberKey(l.id(), m));
            }
        }
        List<ActorSystem<?>> systems = List.copyOf(bySystem.keySet());
        systems.forEach(HostSystems::checkConfig);
        Duration joinTimeout = config.getDuration("sluice.join-timeout");
        HostSystems.awaitUp(systems, joinTimeout);
        runtime = new FlowRuntime(graph, sizes, config, true);
        flow = EmbeddedFlow.start(runtime, bySystem);
        // The flow's actors go as soon as it ends, however it ends: the application's systems
        // keep no trace of it.
        flow.watch().completed().whenComplete((done, failure) -> flow.stop());
        fault = flow.lost();
        fault.whenComplete((done, failure) -> flow.stop());
        try {
            if (!Awaiting.await(flow.watch().deployed(), fault, Optional.of(joinTimeout.plusSeconds(10)))) {
                throw new FlowFailedException("the flow's members on " + systems.size() + " ActorSystems did not pass"
                        + " the start barrier within " + joinTimeout.plusSeconds(10).toSeconds() + " s");
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void start() {
        flow.requestStart();
    }

    @Override
    public boolean awaitCompletion(Duration timeout) {
        return Awaiting.await(flow.watch().completed(), fault, Optional.of(timeout));
    }

    @Override
    public void awaitCompletion() {
        Awaiting.await(flow.watch().completed(), fault, Optional.empty());
    }

    @Override
    public CompletableFuture<Void> completion() {
        return Awaiting.either(flow.watch().completed(), fault);
    }

    @Override
    public void stop() {
        if (flow == null) {
            return;
        }
        try {
            flow.stop().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new FlowFailedException("the flow's actors did not stop within " + STOP_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<String> stdout(int location, int member) {
        return runtime == null ? List.of() : runtime.output(location, member);
    }
}
