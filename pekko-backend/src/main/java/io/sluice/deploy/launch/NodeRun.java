package io.sluice.deploy.launch;

import com.typesafe.config.Config;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.runtime.actor.FlowEvent;
import io.sluice.runtime.actor.FlowRuntime;
import io.sluice.runtime.node.FlowWatch;
import io.sluice.runtime.node.SluiceNode;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM is one member of the flow, as {@code sluice.node} configures it: started by hand
 * (one command per node, on one machine or many) or by a launcher's {@code localhost()}. It
 * joins the seed nodes, runs its member's part, and ends when the flow completes, or when its
 * launcher is gone.
 */
public final class NodeRun implements Run {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRun.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private final FlowGraph graph;
    private final List<Integer> programSizes;
    private final Set<Integer> restartable;
    private final Config config;
    private final NodeSettings settings;
    /**
     * Fails when this node is lost to the flow while it runs: the cluster downed or removed it
     * (after a long pause, say), or its ActorSystem stopped. A downed node can never rejoin this
     * run of the flow, so {@link #awaitCompletion} then throws, saying why, and a {@code main}
     * that lets the exception propagate ends its JVM. Every other fault reaches this node from the
     * coordinator. One per run: every wait registers on it.
     */
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private volatile boolean stopping;
    private NodeSettings.Assignment assignment;
    private FlowRuntime runtime;
    private SluiceNode node;
    private FlowWatch watch;

    /**
     * @param restartable the locations the program gave spare nodes ({@code withSpares})
     */
    public NodeRun(FlowGraph graph, List<Integer> programSizes, Set<Integer> restartable, Config config) {
        this.graph = graph;
        this.programSizes = programSizes;
        this.restartable = Set.copyOf(restartable);
        this.config = config;
        this.settings = NodeSettings.from(config);
    }

    @Override
    public void deploy() {
        assignment = settings.resolve(graph, programSizes);
        Duration limit = config.getDuration("sluice.join-timeout").plusSeconds(10);
        List<String> seeds;
        if (settings.spare() && !restartable.contains(assignment.member().location())) {
            throw new IllegalArgumentException("sluice.node.spare = on, but the program gives "
                    + graph.location(assignment.member().location()).label() + " no spare nodes: call"
                    + " flow.withSpares for it, so that every node knows its lost members restart");
        }
        if (settings.launchedDriver()) {
            runtime = new FlowRuntime(graph, assignment.sizes(), settings.withBindAddress(config), settings.prefixOutput(),
                    restartable);
            node = SluiceNode.startSeedMembers(runtime, List.of(assignment.member()), settings.hostname(),
                    settings.port());
            seeds = List.of(node.address());
            PrintStream console = runtime.console();
            watch = reportingToLauncher(node.watch(r -> LauncherLink.report(console, LauncherLink.Event.RESTARTED,
                    Restarts.encode(r))), console);
            LauncherLink.report(runtime.console(), LauncherLink.Event.ADDRESS, node.address());
            SluiceNode started = node;
            LauncherLink.serveDriver(started::requestStart, started::down);
        } else {
            seeds = settings.launched() ? List.of(LauncherLink.seed(limit)) : settings.seedNodes();
            List<String> unresolved = unresolvedHosts(seeds);
            if (unresolved.size() == seeds.size()) {
                throw new FlowFailedException("sluice.node.seed-nodes " + seeds + ": no seed's host resolves ("
                        + String.join(", ", unresolved) + "); check the host names, or use IP addresses");
            }
            unresolved.forEach(host -> LOG.warn("sluice.node.seed-nodes: host {} does not resolve; this node "
                    + "cannot join through it", host));
            runtime = new FlowRuntime(graph, assignment.sizes(), settings.withBindAddress(config), settings.prefixOutput(),
                    restartable);
            node = settings.spare()
                    ? SluiceNode.startSpare(runtime, assignment.member().location(), settings.hostname(),
                            settings.port(), seeds)
                    : SluiceNode.startMembers(runtime, List.of(assignment.member()), settings.hostname(),
                            settings.port(), seeds, settings.coordinator());
            watch = node.watch();
        }
        String address = node.address();
        if (settings.launched()) {
            LauncherLink.report(runtime.console(), LauncherLink.Event.NODE, address);
        }
        String member = settings.spare()
                ? "a spare node of " + graph.location(assignment.member().location()).label()
                : graph.location(assignment.member().location()).memberPrefix(assignment.member().member());
        String why = "this node (" + address + ", " + member + ") %s: the other nodes lost contact with it for"
                + " longer than the failure detector allows (a long GC pause, a paused or overloaded machine, a network"
                + " partition) and declared it lost; it cannot rejoin this run of the flow, so it stops";
        node.onDowned(() -> lose(why.formatted("was downed by the cluster")));
        node.whenTerminated().thenRun(() -> {
            if (!stopping) {
                lose(why.formatted("was removed from the cluster and its ActorSystem stopped"));
            }
        });
        LOG.debug("member {} of {} at {} joining {}", assignment.member().member(),
                graph.location(assignment.member().location()).label(), node.address(), seeds);
        try {
            if (!Awaiting.await(watch.deployed(), lost, Optional.of(limit))) {
                throw new FlowFailedException("this node (" + node.address() + ") did not see the flow's start barrier "
                        + "within " + limit + ": check that sluice.node.seed-nodes " + seeds
                        + " are reachable and that every member's node is started");
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        reportExternalPorts();
    }

    /** A launched member tells its launcher where the external ports it serves listen. */
    private void reportExternalPorts() {
        for (io.sluice.dataflow.ir.ExternalBinding b : graph.externals()) {
            if (b.location() == assignment.member().location() && settings.launched()) {
                io.sluice.runtime.external.ExternalServers.address(b).thenAccept(a -> LauncherLink.report(
                        runtime.console(), LauncherLink.Event.EXTERNAL, b.tag() + " " + a.getHostString() + ":" + a.getPort()));
            }
        }
    }

    /** The hosts of {@code seeds} that do not resolve to an address. */
    private static List<String> unresolvedHosts(List<String> seeds) {
        List<String> unresolved = new ArrayList<>();
        for (String seed : seeds) {
            String host = URI.create(seed).getHost();
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                unresolved.add(host);
            }
        }
        return unresolved;
    }

    /**
     * The driver's watch: its milestones complete once the launcher has been told of them, so
     * that the launcher hears of a failure before this JVM exits with it.
     */
    private static FlowWatch reportingToLauncher(FlowWatch watch, PrintStream out) {
        FlowWatch reported = FlowWatch.create();
        watch.deployed().whenComplete((done, failure) -> {
            if (failure == null) {
                LauncherLink.report(out, LauncherLink.Event.DEPLOYED, "");
                reported.deployed().complete(null);
            } else {
                reported.deployed().completeExceptionally(failure);
            }
        });
        watch.completed().whenComplete((done, failure) -> {
            if (failure == null) {
                LauncherLink.report(out, LauncherLink.Event.COMPLETED, "");
                reported.completed().complete(null);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                LauncherLink.report(out, LauncherLink.Event.FAILED, String.valueOf(cause.getMessage()));
                reported.completed().completeExceptionally(failure);
            }
        });
        return reported;
    }

    /**
     * This node is lost to the flow, unless the flow is over here already (completed, failed, or
     * this node is stopping): nodes that leave at the end may be downed by the others as they
     * go, which costs the finished flow nothing.
     */
    private void lose(String why) {
        if (stopping || watch.completed().isDone()) {
            LOG.debug("after the end of the flow here: {}", why);
            return;
        }
        if (lost.completeExceptionally(new FlowFailedException(why))) {
            LOG.error(why);
        }
    }

    @Override
    public void start() {
        if (settings.startsFlow()) {
            node.requestStart();
        }
    }

    @Override
    public boolean awaitCompletion(Duration timeout) {
        return Awaiting.await(watch.completed(), lost, Optional.of(timeout));
    }

    @Override
    public void awaitCompletion() {
        Awaiting.await(watch.completed(), lost, Optional.empty());
    }

    @Override
    public CompletableFuture<Void> completion() {
        return Awaiting.either(watch.completed(), lost);
    }

    @Override
    public void stop() {
        stopping = true;
        if (node == null) {
            return;
        }
        if (watch != null && !watch.completed().isDone()) {
            // The driver stopped before the flow completed: its coordinator must not take the
            // members that go with it for losses (a member node alone is a loss, and says nothing here).
            node.stopFlow(Duration.ofSeconds(5));
        }
        Awaiting.terminate(List.of(node), "this node", STOP_TIMEOUT);
    }

    @Override
    public List<FlowEvent.MemberRestarted> restarts() {
        // A launched driver reports them to its launcher, which lists them: not twice.
        return watch == null || settings.launched() ? List.of() : List.copyOf(watch.restarts());
    }

    @Override
    public List<String> stdout(int location, int member) {
        return runtime == null ? List.of() : runtime.output(location, member);
    }
}
