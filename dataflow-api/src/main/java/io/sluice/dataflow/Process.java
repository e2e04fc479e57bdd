package io.sluice.dataflow;

import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.LocationKind;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.ir.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A location made of one member: Hydro's {@code Process<P>}. Streams on it are
 * {@link ProcessStream}s and keep their order.
 *
 * <pre>{@code
 * Process<Leader> leader = flow.process(Leader.class);
 * leader.sourceIter(List.of(1, 2, 3)).map(n -> n * 2).forEach(System.out::println);
 * }</pre>
 *
 * @param <P> the tag type that names this location in types and in output
 */
public final class Process<P> extends LocationBase implements Location {

    Process(FlowBuilder flow, int id, Class<P> tag) {
        super(flow, id, tag, LocationKind.PROCESS);
    }

    /**
     * A stream of the elements of {@code items}, in order, emitted once the flow starts; it
     * completes after the last one. {@code items} is iterated lazily on this process's member.
     *
     * <pre>{@code
     * leader.sourceIter(List.of(0, 1, 2)).forEach(System.out::println);
     * }</pre>
     *
     * @param items the elements, iterated lazily by this process's member; no element may be null
     * @param <T>   the element type
     * @return a top-level, ordered stream on this location; it ends after the last element
     */
    public <T> ProcessStream<T, P> sourceIter(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        int node = flow().add("sourceIter", this, (nodeId, origin) -> new Node.SourceIter(nodeId, id(), origin, items));
        return new ProcessStream<>(flow(), node, this, FlowGraph.TOP_LEVEL, true);
    }

    /**
     * A stream of what {@code publisher} publishes, in order, at run time (Hydro's
     * {@code source_stream}): the way to feed a running flow from a reactive library, a
     * {@link java.util.concurrent.SubmissionPublisher} or an actor
     * ({@code io.sluice.deploy.ActorSource}).
     *
     * <pre>{@code
     * SubmissionPublisher<String> events = new SubmissionPublisher<>();
     * leader.sourceStream(events).map(String::toUpperCase).forEach(System.out::println);
     * // ... once the flow runs, from any thread:
     * events.submit("hello");
     * events.close();                 // the stream ends
     * }</pre>
     *
     * <p><b>Location.</b> The member of this process subscribes to {@code publisher} when the
     * flow starts, once; SPMD: it is the publisher object of the JVM that hosts the member.
     * <b>Ordering:</b> the publisher's order. <b>Network:</b> none; the elements are not
     * serialized. <b>Backpressure:</b> the member requests only what its bounded buffer has room
     * for, and takes from the buffer only while its outputs have credit, so a slow flow slows
     * the publisher; it never blocks a thread: elements arrive on the publisher's threads and
     * wake the member's actor. A publisher that sends more than was requested breaks the
     * Reactive Streams protocol and fails the flow.
     *
     * <p><b>Completion.</b> {@code onComplete} ends the stream once the buffered elements are
     * out; {@code onError} fails the flow with a message naming this operator's call site and
     * the cause. A publisher that never completes keeps the flow running until it is stopped
     * (a loop fed by it is never quiescent). When the flow stops or fails first, the
     * subscription is cancelled.
     *
     * @param publisher what to publish; it must not publish null
     * @param <T>       the element type
     * @return a top-level, ordered stream on this location that ends when the publisher completes
     */
    public <T> ProcessStream<T, P> sourceStream(Flow.Publisher<? extends T> publisher) {
        Objects.requireNonNull(publisher, "publisher");
        return source("sourceStream", publisher);
    }

    /**
     * A stream of the elements offered to {@code queue} at run time, in the order they are
     * accepted: {@link #sourceStream} of the queue, with its bounded buffer and
     * {@link java.util.concurrent.CompletionStage} offers (see {@link SourceQueue}).
     *
     * <pre>{@code
     * SourceQueue<Integer> input = SourceQueue.bounded(16);
     * leader.sourceQueue(input).map(n -> n * 2).forEach(System.out::println);
     * input.offer(21);      // once the flow runs, "42" is printed
     * input.complete();     // then the flow can complete
     * }</pre>
     *
     * <p>Location, ordering, network and backpressure as for {@link #sourceStream}. The stream
     * ends after {@link SourceQueue#complete()}; {@link SourceQueue#fail(Throwable)} fails the
     * flow.
     *
     * @param queue the queue, read by this operator only
     * @param <T>   the element type
     * @return a top-level, ordered stream on this location that ends when the queue is completed
     * @throws IllegalStateException when {@code queue} already feeds another operator (of this flow or another)
     */
    public <T> ProcessStream<T, P> sourceQueue(SourceQueue<T> queue) {
        Objects.requireNonNull(queue, "queue");
        queue.claim("sourceQueue at " + FlowBuilder.callSite());
        return source("sourceQueue", queue);
    }

    /**
     * Serves the clients of {@code clients} on a TCP port of this process's member: Hydro's
     * {@code bidi_external_many_bincode} (Sluice drops {@code bincode}: serialization is the
     * backend's). The port gives the clients' requests keyed by {@link ClientId}, their
     * connection events, and sinks for replies to one client or to all; see
     * {@link ExternalPort} for where it listens, its framing, backpressure and completion.
     *
     * <pre>{@code
     * External<Client> clients = flow.external(Client.class);
     * ExternalPort<String, String, Server> port = server.bidiExternalMany(clients, String.class, String.class);
     * port.reply(port.requests().mapValues(s -> "hi: " + s));
     * }</pre>
     *
     * @param clients  the external whose clients connect, of this flow; served by one port
     * @param request  the class of the requests: an element of another class disconnects its sender
     * @param response the class of the replies
     * @param <E>      the external's tag type
     * @param <Req>    the request type
     * @param <Resp>   the reply type
     * @return the port
     * @throws IllegalStateException    when {@code clients} is already served by a port
     * @throws IllegalArgumentException when {@code clients} belongs to another flow
     */
    public <E, Req, Resp> ExternalPort<Req, Resp, P> bidiExternalMany(External<E> clients, Class<Req> request,
                                                                      Class<Resp> response) {
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        String site = FlowBuilder.callSite();
        if (clients.flow() != flow()) {
            throw new IllegalArgumentException("bidiExternalMany at " + site + ": " + clients
                    + " belongs to another FlowBuilder");
        }
        clients.bind(site);
        return new ExternalPort<>(this, new ExternalBinding(clients.name(), id(), request, response,
                new Origin("bidiExternalMany", site)));
    }

    private <T> ProcessStream<T, P> source(String operator, Flow.Publisher<? extends T> publisher) {
        int node = flow().add(operator, this, (nodeId, origin) -> new Node.SourceStream(nodeId, id(), origin, publisher));
        return new ProcessStream<>(flow(), node, this, FlowGraph.TOP_LEVEL, true);
    }

    /**
     * A new clock of this location (Hydro's {@code tick()}); see {@link Tick}.
     *
     * <pre>{@code
     * Tick<Process<P>> tick = leader.tick();
     * }</pre>
     *
     * @return a new tick of this location, with the next tick id of the flow
     */
    public Tick<Process<P>> tick() {
        return flow().tick(this);
    }

    /**
     * A top-level stream used before it is defined (Hydro's {@code forward_ref}): complete it
     * later with the stream it stands for, which may depend on it, to write a feedback loop. The
     * stream has no guaranteed order. A loop ends once it is quiescent: nothing is in flight in
     * it or upstream of it, and nothing there would emit without new input (sources exhausted,
     * no batch waiting for a tick, no changed sample, no armed timeout; only a member leaving
     * could still wake it); so a finite program with retries completes. A loop that keeps
     * circulating runs until the flow is stopped.
     *
     * <pre>{@code
     * ForwardRef<ProcessStream<Request, P>> retries = leader.forwardRef();
     * ProcessStream<Request, P> all = requests.union(retries.stream());
     * retries.complete(all.filter(Request::failed));
     * }</pre>
     *
     * @param <T> the element type
     * @return the reference, whose stream is top-level and unordered on this location
     */
    public <T> ForwardRef<ProcessStream<T, P>> forwardRef() {
        return reference("forwardRef", FlowGraph.TOP_LEVEL);
    }

    /**
     * A stream inside {@code tick} whose batch in each tick is what the stream it is completed
     * with had in the previous tick (Hydro's tick {@code cycle}): state carried from tick to tick.
     * The stream has no guaranteed order.
     *
     * <pre>{@code
     * ForwardRef<ProcessStream<Long, P>> total = leader.cycle(tick);
     * ProcessStream<Long, P> now = total.stream().chain(amounts.batch(tick))
     *         .foldCommutative(() -> 0L, Long::sum).intoStream();
     * total.complete(now);
     * }</pre>
     *
     * @param tick a tick of this location
     * @param <T>  the element type
     * @return the reference, whose stream is inside {@code tick} and unordered
     * @throws IllegalArgumentException when {@code tick} is not a tick of this location
     */
    public <T> ForwardRef<ProcessStream<T, P>> cycle(Tick<Process<P>> tick) {
        if (tick == null || tick.flow != flow() || tick.location.id() != id()) {
            throw new IllegalArgumentException("cycle: " + tick + " is not a tick of " + this
                    + "; use this location's tick()");
        }
        return reference("cycle", tick.id);
    }

    private <T> ForwardRef<ProcessStream<T, P>> reference(String operator, int tick) {
        int node = flow().addReference(operator, this, tick);
        return new ForwardRef<>(new ProcessStream<>(flow(), node, this, tick, false), input -> flow().complete(node, input));
    }

    /**
     * The current {@link Instant} every {@code period}, from the start of the flow, forever
     * (Hydro's {@code source_interval}).
     *
     * <pre>{@code
     * leader.sourceInterval(Duration.ofSeconds(1)).forEach(t -> System.out.println("tick at " + t));
     * }</pre>
     *
     * @param period the time between two instants, positive
     * @return a top-level, ordered stream on this location that never ends by itself
     * @throws IllegalArgumentException when {@code period} is zero or negative
     */
    public ProcessStream<Instant, P> sourceInterval(Duration period) {
        FlowBuilder.requirePositive("sourceInterval", period);
        int node = flow().add("sourceInterval", this, (n, origin) -> new Node.SourceInterval(n, id(), origin, period));
        return new ProcessStream<>(flow(), node, this, FlowGraph.TOP_LEVEL, true);
    }

    /**
     * The members of {@code cluster} as they join and leave (Hydro's
     * {@code source_cluster_members}): one {@code JOINED} event per member once the flow runs,
     * then one {@code LEFT} event for each member that leaves the flow early (its node left the
     * Pekko cluster, or crashed and was downed). Ordered. The stream ends once every member of
     * {@code cluster} has finished its part of the flow or left, or once the rest of the flow is
     * quiescent (nothing in flight, nothing that would emit without new input), when only a
     * member leaving could still set it moving; so a flow whose work depends on its membership
     * (retrying a departed worker's tasks) completes too.
     *
     * <p><b>Watching a cluster makes the loss of its members survivable.</b> Without this
     * operator, a member that dies fails the flow. With it, the flow goes on without the member:
     * {@code roundRobin} and {@code broadcast} skip it from then on, elements {@code demux}ed or
     * sent to it are dropped, its own output ends where it stands, and the flow completes when
     * the remaining members are done. What may have been lost is logged at WARN by the member
     * that lost it: what it had sent to the departed member without an acknowledgement yet, and
     * what it addressed to it afterwards. React to {@code LEFT} to stop addressing the member.
     *
     * <pre>{@code
     * leader.sourceClusterMembers(workers).forEach(e -> System.out.println(e.member() + " " + e.change()));
     * }</pre>
     *
     * @param cluster the cluster to watch, of the same flow
     * @param <C2>    the watched cluster's tag type
     * @return a top-level, ordered stream of events on this process
     */
    public <C2> ProcessStream<MembershipEvent<C2>, P> sourceClusterMembers(Cluster<C2> cluster) {
        Objects.requireNonNull(cluster, "cluster");
        flow().checkOwn(cluster, "sourceClusterMembers");
        int node = flow().add("sourceClusterMembers", this,
                (n, origin) -> new Node.ClusterMembers(n, id(), origin, cluster.id()));
        return new ProcessStream<>(flow(), node, this, FlowGraph.TOP_LEVEL, true);
    }
}
