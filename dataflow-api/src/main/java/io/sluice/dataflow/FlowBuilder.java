package io.sluice.dataflow;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.dataflow.ir.LocationKind;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.ir.NodeMeta;
import io.sluice.dataflow.ir.Origin;
import io.sluice.dataflow.ir.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds one flow: its locations, the streams on them, and where each location's members run.
 * Every JVM of a deployment runs the same program and so builds the same flow; ids are handed
 * out in creation order, which makes the graphs identical.
 *
 * <pre>{@code
 * FlowBuilder flow = new FlowBuilder();
 * Process<Leader> leader = flow.process(Leader.class);
 * Cluster<Worker> workers = flow.cluster(Worker.class);
 * leader.sourceIter(List.of(1, 2, 3)).roundRobin(workers).sendAnonymous(leader).forEach(System.out::println);
 * flow.withProcess(leader, deployment.inJvm())
 *     .withCluster(workers, Collections.nCopies(4, deployment.inJvm()))
 *     .deploy(deployment);
 * }</pre>
 *
 * <p>A flow is finished once: {@link #build()} (or {@link #deploy}) validates it and freezes it;
 * adding a location or an operator afterwards is an error.
 */
public final class FlowBuilder {

    private final List<LocationInfo> locations = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Integer, List<Host>> placement = new LinkedHashMap<>();
    private final Map<Integer, List<Host>> spares = new LinkedHashMap<>();
    /** The metadata of the collection each node makes, by node id: written by {@link Located}. */
    private final Map<Integer, NodeMeta> meta = new HashMap<>();
    private final java.util.Set<String> externals = new java.util.HashSet<>();
    private int ticks;
    private FlowGraph built;

    /** An empty flow. */
    public FlowBuilder() {
    }

    /**
     * A new process location named after {@code tag}.
     *
     * <pre>{@code
     * Process<Leader> leader = flow.process(Leader.class);
     * }</pre>
     *
     * @param tag the class that names the process in types and output, e.g. {@code Leader.class}
     * @param <P> the tag type
     * @return the process, with the next location id
     */
    public <P> Process<P> process(Class<P> tag) {
        int id = addLocation(LocationKind.PROCESS, tag);
        return new Process<>(this, id, tag);
    }

    /**
     * A new cluster location named after {@code tag}; its size is set by {@link #withCluster}.
     *
     * <pre>{@code
     * Cluster<Worker> workers = flow.cluster(Worker.class);
     * }</pre>
     *
     * @param tag the class that names the cluster in types and output, e.g. {@code Worker.class}
     * @param <C> the tag type
     * @return the cluster, with the next location id
     */
    public <C> Cluster<C> cluster(Class<C> tag) {
        int id = addLocation(LocationKind.CLUSTER, tag);
        return new Cluster<>(this, id, tag);
    }

    /**
     * The clients of the flow named after {@code tag}: code outside the cluster that a process
     * serves with {@link Process#bidiExternalMany} (Hydro's {@code flow.external::<Tag>()}).
     * An external has no hosts and takes no location id.
     *
     * <pre>{@code
     * External<Client> clients = flow.external(Client.class);
     * }</pre>
     *
     * @param tag the class that names the clients, e.g. {@code Client.class}
     * @param <E> the tag type
     * @return the external
     * @throws IllegalStateException when this flow already has an external of that tag (it names the port's settings)
     */
    public <E> External<E> external(Class<E> tag) {
        Objects.requireNonNull(tag, "tag");
        checkOpen("external(" + tag.getSimpleName() + ".class)");
        if (!externals.add(displayName(tag))) {
            throw new IllegalStateException("external(" + tag.getSimpleName() + ".class) at " + callSite()
                    + ": this flow already has an external named " + displayName(tag) + "; use one per tag");
        }
        return new External<>(this, tag);
    }

    /**
     * Runs {@code process} on {@code host}.
     *
     * @param process a process of this flow
     * @param host    where its member runs
     * @return this builder
     * @throws IllegalStateException    when hosts were already given for {@code process}
     * @throws IllegalArgumentException when {@code process} belongs to another flow
     */
    public FlowBuilder withProcess(Process<?> process, Host host) {
        Objects.requireNonNull(host, "host");
        place(process, List.of(host));
        return this;
    }

    /**
     * Runs {@code cluster} with one member per host: member {@code k} on {@code hosts.get(k)}.
     *
     * <pre>{@code
     * flow.withCluster(workers, Collections.nCopies(4, deployment.inJvm()));
     * }</pre>
     *
     * @param cluster a cluster of this flow
     * @param hosts   where its members run, one per member; not empty
     * @return this builder
     * @throws IllegalArgumentException when {@code hosts} is empty or {@code cluster} belongs to another flow
     * @throws IllegalStateException    when hosts were already given for {@code cluster}
     */
    public FlowBuilder withCluster(Cluster<?> cluster, List<? extends Host> hosts) {
        Objects.requireNonNull(hosts, "hosts");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("withCluster(" + cluster + ", hosts): a cluster needs at least one "
                    + "member; pass one host per member, e.g. Collections.nCopies(4, deployment.inJvm())");
        }
        hosts.forEach(h -> Objects.requireNonNull(h, "a host in the list for " + cluster));
        place(cluster, List.copyOf(hosts));
        return this;
    }

    /**
     * Gives {@code location} spare nodes: nodes of its role that host no member at first and stand
     * by. When a member's node is lost (its JVM killed, its machine gone), the member restarts on
     * a surviving node of its location, a spare first (the least loaded, so a node may end up
     * hosting several members), and the flow restarts from its last complete snapshot (taken every
     * {@code sluice.snapshots.interval}, 1 s by default): every member's operators start again with
     * the state that snapshot recorded, and the sources go on from the position it recorded; with
     * no snapshot, or in a flow that takes none (loops), from empty state and the sources'
     * start. Results computed by the flow (folds, counts, keyed state) are then exact; side effects
     * of {@code forEach} and {@code inspect} made after the snapshot and before the loss are made
     * again. See {@code docs/guarantees.md}.
     *
     * <p>Without spares a lost member fails the flow, naming it. A flow with spares may only
     * read sources that can replay: {@code sourceIter} and {@code sourceInterval}, and the
     * run-time sources ({@code sourceQueue}, {@code sourceStream}, {@code ActorSource}), whose
     * member keeps what they emitted since the last complete snapshot and emits it again after a
     * restart (so the application offers each element once). A {@code destSink} hands its
     * subscriber an element only once a complete snapshot covers it, so the subscriber gets each
     * element once across restarts, a snapshot interval or so later than without spares. Both
     * need snapshots on; on a lost member, what they had not passed on is lost with its node. An
     * external port keeps its clients connected across restarts caused by other locations' losses:
     * its requests are replayed as a run-time source's elements are, and its replies go out at
     * once, so those to replayed requests are sent again (at least once). The port's own process
     * may not have spares, nor may a flow with spares watch a cluster's membership: the deployment
     * refuses those, naming them. With {@code deployment.localhost()} spares, each spare is a JVM
     * of its own.
     *
     * <pre>{@code
     * flow.withProcess(leader, deployment.localhost())
     *     .withCluster(workers, Collections.nCopies(4, deployment.localhost()))
     *     .withSpares(workers, List.of(deployment.localhost()))     // one spare node
     *     .deploy(deployment);
     * }</pre>
     *
     * @param location a process or cluster of this flow
     * @param hosts    the spare nodes, not empty
     * @return this builder
     * @throws IllegalArgumentException when {@code hosts} is empty or {@code location} belongs to another flow
     * @throws IllegalStateException    when spares were already given for {@code location}
     */
    public FlowBuilder withSpares(Location location, List<? extends Host> hosts) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(hosts, "hosts");
        checkOwn(location, "withSpares");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("withSpares(" + location + ", hosts): give at least one spare host, "
                    + "e.g. List.of(deployment.localhost())");
        }
        hosts.forEach(h -> Objects.requireNonNull(h, "a spare host for " + location));
        if (spares.containsKey(location.id())) {
            throw new IllegalStateException("spares for " + location + " were already given; give them once");
        }
        spares.put(location.id(), List.copyOf(hosts));
        return this;
    }

    /**
     * Validates and freezes the flow, and returns its graph. Called by {@link #deploy}; call it
     * yourself to inspect the graph ({@link FlowGraph#describe()}).
     *
     * @return the validated, immutable graph (the same one on every call)
     * @throws IllegalStateException naming every stream that is never consumed
     */
    public FlowGraph build() {
        if (built == null) {
            FlowGraph graph = new FlowGraph(locations, nodes, nodes.stream().map(this::metaOf).toList());
            Validation.check(graph);
            built = graph;
        }
        return built;
    }

    /**
     * Builds the flow and hands it, with the hosts of every location, to {@code deployer}.
     *
     * @param deployer the backend that runs the flow, e.g. the Pekko backend's {@code Deployment}
     * @throws IllegalStateException when the flow is invalid or a location has no hosts
     */
    public void deploy(Deployer deployer) {
        Objects.requireNonNull(deployer, "deployer");
        FlowGraph graph = build();
        List<String> missing = new ArrayList<>();
        for (LocationInfo l : locations) {
            if (!placement.containsKey(l.id())) {
                missing.add(l.label() + " (call " + (l.kind() == LocationKind.PROCESS ? "withProcess" : "withCluster")
                        + " for it)");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("cannot deploy: no hosts were given for " + String.join(", ", missing));
        }
        if (spares.isEmpty()) {
            deployer.install(graph, Map.copyOf(placement));
        } else {
            deployer.install(graph, Map.copyOf(placement), Map.copyOf(spares));
        }
    }

    // ----- used by locations and streams -----

    /** Creates a node the factory makes from its id and origin; returns the id. */
    int add(String operator, Location at, NodeFactory factory) {
        checkOpen(operator);
        checkOwn(at, operator);
        Origin origin = new Origin(operator, callSite());
        Node node = factory.make(nodes.size(), origin);
        nodes.add(node);
        return node.id();
    }

    /** A new tick of {@code location}. */
    <L extends Location> Tick<L> tick(L location) {
        checkOpen("a tick");
        checkOwn(location, "tick");
        return new Tick<>(this, ticks++, location);
    }

    /**
     * Adds the placeholder of a forward reference at {@code at}: a {@link Node.Cycle} at top
     * level, or a {@link Node.Defer} in {@code tick}; its input is set by {@link #complete}.
     */
    int addReference(String operator, Location at, int tick) {
        return add(operator, at, (n, origin) -> tick == FlowGraph.TOP_LEVEL
                ? new Node.Cycle(n, at.id(), origin, FlowGraph.OPEN_REFERENCE)
                : new Node.Defer(n, at.id(), origin, FlowGraph.OPEN_REFERENCE, tick));
    }

    /** Completes the forward reference {@code reference} with the output of node {@code input}. */
    void complete(int reference, int input) {
        checkOpen("the completion of a forward reference");
        Node placeholder = nodes.get(reference);
        nodes.set(reference, placeholder instanceof Node.Defer d
                ? new Node.Defer(d.id(), d.location(), d.origin(), input, d.tick())
                : new Node.Cycle(placeholder.id(), placeholder.location(), placeholder.origin(), input));
    }

    static void requirePositive(String operator, Duration d) {
        Objects.requireNonNull(d, operator + ": duration");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(operator + " at " + callSite() + ": the duration must be positive, not "
                    + d);
        }
    }

    /**
     * Records the tick and order of the collection node {@code id} makes. The first collection
     * made of a node is its own output; later views of the same node (an {@code assumeOrdering},
     * a keyed view of a stream) do not change what the node makes.
     */
    void recordMeta(int id, int location, int tick, boolean ordered) {
        meta.putIfAbsent(id, new NodeMeta(location, tick, ordered));
    }

    /** The metadata of {@code node}; a sink, of which no collection was made, has its input's tick and order. */
    private NodeMeta metaOf(Node node) {
        NodeMeta own = meta.get(node.id());
        if (own != null) {
            return own;
        }
        NodeMeta input = node.inputs().isEmpty() ? null : meta.get(node.inputs().get(0));
        return input == null ? new NodeMeta(node.location(), FlowGraph.TOP_LEVEL, false)
                : new NodeMeta(node.location(), input.tick(), input.ordered());
    }

    /** The origin of node {@code id}, for messages. */
    Origin origin(int id) {
        return nodes.get(id).origin();
    }

    /** Checks that {@code location} was made by this builder. */
    void checkOwn(Location location, String operator) {
        if (((LocationBase) location).flow() != this) {
            throw new IllegalArgumentException(operator + ": location " + location
                    + " belongs to another FlowBuilder; every location and stream of a flow must come from one builder");
        }
    }

    static String displayName(Class<?> tag) {
        return Optional.ofNullable(tag.getCanonicalName()).orElse(tag.getName());
    }

    private static boolean isApiFrame(Class<?> c) {
        return c.getPackage() == FlowBuilder.class.getPackage()
                && c.getProtectionDomain() == FlowBuilder.class.getProtectionDomain();
    }

    @FunctionalInterface
    interface NodeFactory {
        Node make(int id, Origin origin);
    }

    // ----- internals -----

    private int addLocation(LocationKind kind, Class<?> tag) {
        Objects.requireNonNull(tag, "tag");
        checkOpen(kind.word() + "(" + tag.getSimpleName() + ".class)");
        int id = locations.size();
        locations.add(new LocationInfo(id, kind, displayName(tag)));
        return id;
    }

    private void place(Location location, List<Host> hosts) {
        checkOwn(location, "with" + (location instanceof Process<?> ? "Process" : "Cluster"));
        if (placement.containsKey(location.id())) {
            throw new IllegalStateException("hosts for " + location + " were already given; give them once");
        }
        placement.put(location.id(), hosts);
    }

    private void checkOpen(String what) {
        if (built != null) {
            throw new IllegalStateException("cannot add " + what + " at " + callSite()
                    + ": this flow was already built (build() or deploy() was called); a flow is finished once");
        }
    }


    /** The user's frame that called into the API: the first frame outside this module's API package. */
    static String callSite() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(f -> !isApiFrame(f.getDeclaringClass()))
                .findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber() + " (" + f.getClassName() + "." + f.getMethodName() + ")")
                .orElse("unknown site"));
    }
}
