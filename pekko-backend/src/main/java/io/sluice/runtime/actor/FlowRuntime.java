package io.sluice.runtime.actor;

import com.typesafe.config.Config;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.spi.MemberContext;
import io.sluice.plan.Chains;
import io.sluice.plan.FlowPlan;
import io.sluice.plan.MemberKey;
import io.sluice.runtime.scope.ConsoleCapture;
import io.sluice.runtime.scope.MemberConsole;
import io.sluice.runtime.scope.MemberScope;
import io.sluice.runtime.snapshot.SnapshotSettings;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A flow as this JVM runs it: its plan, its settings, and the consoles of the members hosted
 * here. Shared by every node of the flow in this JVM; the nodes themselves are
 * {@code SluiceNode}s.
 *
 * <pre>{@code
 * FlowRuntime runtime = new FlowRuntime(graph, List.of(1, 4), ConfigFactory.load(), true);
 * SluiceNode driver = SluiceNode.startDriver(runtime, "127.0.0.1");
 * }</pre>
 */
public final class FlowRuntime {

    private final FlowPlan plan;
    private final Chains chains;
    private final Config config;
    private final RuntimeSettings settings;
    private final boolean prefixEcho;
    private final PrintStream echo;
    private final int tailLines;
    private final Map<MemberKey, MemberConsole> consoles = new ConcurrentHashMap<>();
    private final Set<Integer> restartable;
    private final SnapshotSettings snapshots;

    /**
     * @param graph      the flow
     * @param sizes      members per location, by location id
     * @param config     the configuration, with Sluice's and Pekko's defaults
     * @param prefixEcho whether echoed lines get the member's prefix (false in a child JVM,
     *                   whose launcher adds it)
     */
    public FlowRuntime(FlowGraph graph, List<Integer> sizes, Config config, boolean prefixEcho) {
        this(graph, sizes, config, prefixEcho, Set.of());
    }

    /**
     * A flow whose locations {@code restartable} have spare nodes: a lost member of one of them
     * restarts the flow instead of failing it.
     */
    public FlowRuntime(FlowGraph graph, List<Integer> sizes, Config config, boolean prefixEcho,
                       Set<Integer> restartable) {
        this.restartable = Set.copyOf(restartable);
        this.plan = FlowPlan.of(graph, sizes);
        this.chains = config.getBoolean("sluice.operator-chaining") ? Chains.of(plan) : Chains.none();
        this.config = config;
        this.settings = RuntimeSettings.from(config);
        this.snapshots = SnapshotSettings.from(config);
        this.prefixEcho = prefixEcho;
        this.echo = ConsoleCapture.realOut();
        this.tailLines = config.getInt("sluice.console.tail-lines");
    }

    /** What member {@code member} of location {@code location} printed so far, hosted in this JVM. */
    public List<String> output(int location, int member) {
        MemberConsole console = consoles.get(new MemberKey(location, member));
        return console == null ? List.of() : console.lines();
    }

    /** This JVM's real standard output, where echoed lines go. */
    public PrintStream console() {
        return echo;
    }

    public FlowPlan plan() {
        return plan;
    }

    /** Which operators run in the actor of the one before them ({@code sluice.operator-chaining}). */
    public Chains chains() {
        return chains;
    }

    public Config config() {
        return config;
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** The locations with spare nodes, whose lost members restart the flow. */
    public Set<Integer> restartable() {
        return restartable;
    }

    /** How often this flow takes snapshots, and where they go (used only with spares). */
    public SnapshotSettings snapshots() {
        return snapshots;
    }

    MemberScope scope(MemberKey key) {
        MemberConsole console = consoles.computeIfAbsent(key, k ->
                new MemberConsole(prefixEcho ? plan.location(k.location()).memberPrefix(k.member()) : "", echo,
                        tailLines));
        return new MemberScope(new MemberContext(key.location(), key.member(), plan.sizes()), console);
    }
}
