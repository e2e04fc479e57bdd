package io.sluice.runtime;

import io.sluice.dataflow.ir.Node;
import io.sluice.runtime.FlowPlan.EdgePlan;
import io.sluice.runtime.FlowPlan.OperatorPlan;
import io.sluice.runtime.FlowPlan.PortPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One operator of one member: receives batches on its input ports, runs the operator's logic
 * on them, and sends the results along its out-edges, under credit-based flow control.
 *
 * <p>An input batch is acknowledged once its results have all been handed to the network or to
 * local consumers (no output waits for credit); until then its ack is held, so a slow consumer
 * slows its producers, transitively up to the sources. Acks are coalesced: only the batches that
 * ask for it, and the end of a channel, make an ack due (see {@link InPort}). A source emits one
 * round of batches at a time (a full batch per target, {@link Outlet#pullSize()}) while its
 * outputs are idle, and yields to its mailbox between rounds so acks get through.
 *
 * <p>Completion: when every sender of every port has ended (a source: when its iterator is
 * exhausted), the operator ends all its channels and, once every batch is acknowledged, reports
 * itself done to its member. A failure in user code or a lost batch is reported to the member
 * and stops the operator: nothing is dropped silently.
 */
final class OperatorActor extends AbstractBehavior<OperatorMessage> {

    /** How long a source fills one batch from its iterator before sending what it has. */
    private static final long SOURCE_BATCH_NANOS = 1_000_000;

    private final OperatorPlan plan;
    private final int member;
    private final MemberScope scope;
    private final RuntimeSettings settings;
    private final ActorRef<MemberMessage> parent;
    private final OperatorLogic logic;
    private final Iterator<?>[] source = new Iterator<?>[1];
    private final InPort[] ports;
    private Outlet outlet;
    private List<List<ActorRef<OperatorMessage>>> portSenders = List.of();
    private boolean started;
    private boolean pullScheduled;
    private boolean inputsDone;
    private boolean endRequested;
    private boolean doneReported;
    private boolean failed;

    private OperatorActor(ActorContext<OperatorMessage> context, OperatorPlan plan, int member, MemberScope scope,
                          RuntimeSettings settings, ActorRef<MemberMessage> parent) {
        super(context);
        this.plan = plan;
        this.member = member;
        this.scope = scope;
        this.settings = settings;
        this.parent = parent;
        this.logic = plan.node() instanceof Node.SourceIter ? null : OperatorLogic.of(plan.node());
        this.ports = new InPort[plan.ports().size()];
        for (int p = 0; p < ports.length; p++) {
            ports[p] = new InPort(plan.ports().get(p).senders());
        }
    }

    static Behavior<OperatorMessage> create(OperatorPlan plan, int member, MemberScope scope, RuntimeSettings settings,
                                            ActorRef<MemberMessage> parent) {
        return Behaviors.setup(ctx -> new OperatorActor(ctx, plan, member, scope, settings, parent));
    }

    @Override
    public Receive<OperatorMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(LocalBatch.class, b -> guarded(() ->
                        onBatch(b.port(), b.sender(), b.seq(), b.ackRequested(), b.elements())))
                .onMessage(WireMessage.Batch.class, b -> guarded(() ->
                        onBatch(b.port(), b.sender(), b.seq(), b.ackRequested(), ElementCodec.decode(b.payload()))))
                .onMessage(WireMessage.End.class, e -> guarded(() -> onEnd(e)))
                .onMessage(WireMessage.Ack.class, a -> guarded(() -> onAck(a)))
                .onMessage(OperatorControl.Connect.class, c -> guarded(() -> connect(c)))
                .onMessage(OperatorControl.Start.class, s -> guarded(this::start))
                .onMessage(OperatorControl.Pull.class, p -> guarded(this::pull))
                .build();
    }

    private Behavior<OperatorMessage> guarded(Runnable handler) {
        if (failed) {
            return this;
        }
        try {
            handler.run();
        } catch (RuntimeException | LinkageError e) {
            failed = true;
            parent.tell(new MemberMessage.OperatorFailed(plan.node().id(), describe(e)));
        }
        return this;
    }

    private void connect(OperatorControl.Connect connect) {
        Address self = getContext().getSystem().address();
        List<EdgePlan> edges = plan.edges();
        Outlet.OutEdge[] outEdges = new Outlet.OutEdge[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            EdgePlan edge = edges.get(e);
            List<ActorRef<OperatorMessage>> targets = connect.edgeTargets().get(e);
            OutChannel[] channels = new OutChannel[targets.size()];
            int sender = edge.kind() == EdgeKind.LOCAL ? 0 : member;
            for (int t = 0; t < targets.size(); t++) {
                boolean remote = isRemote(targets.get(t), self);
                channels[t] = new OutChannel(targets.get(t), edge.consumerPort(), sender, remote,
                        settings.window(), settings.maxBytes());
            }
            outEdges[e] = new Outlet.OutEdge(edge.kind(), edge.consumerOrigin(), channels);
        }
        outlet = new Outlet(plan.node().origin(), outEdges, settings.maxBatch());
        portSenders = connect.portSenders();
        if (plan.node() instanceof Node.SourceIter src) {
            scope.run(() -> source[0] = src.items().iterator());
        }
    }

    private static boolean isRemote(ActorRef<?> ref, Address self) {
        Address address = ref.path().address();
        return address.hasGlobalScope() && !address.equals(self);
    }

    private void start() {
        if (source[0] != null && !started) {
            started = true;
            pull();
        }
    }

    /** A source emits one batch, then lets acks in before the next. */
    private void pull() {
        pullScheduled = false;
        Iterator<?> it = source[0];
        if (it == null || inputsDone || !outlet.isIdle()) {
            return;
        }
        scope.run(() -> {
            long start = System.nanoTime();
            int n = 0;
            int size = outlet.pullSize();
            while (n < size && it.hasNext()) {
                outlet.emit(it.next());
                n++;
                // A batch is what is ready now: a slow iterator's elements go out after at most
                // SOURCE_BATCH_NANOS, not when a whole batch has been waited for. The clock is
                // read for each of the first elements, then every 16th.
                if ((n < 16 || (n & 15) == 0) && System.nanoTime() - start > SOURCE_BATCH_NANOS) {
                    break;
                }
            }
            outlet.flush();
            if (!it.hasNext()) {
                inputsDone = true;
            }
        });
        afterOutput();
    }

    private void onBatch(int port, int sender, long seq, boolean ackRequested, Object[] elements) {
        if (!ports[port].accept(sender, seq, ackRequested)) {
            ack(port, sender, seq);
            return;
        }
        scope.run(() -> {
            logic.onBatch(port, sender, elements, outlet);
            outlet.flush();
        });
        afterOutput();
    }

    private void onEnd(WireMessage.End end) {
        ports[end.port()].end(end.sender(), end.lastSeq());
        inputsDone = Arrays.stream(ports).allMatch(InPort::isComplete);
        afterOutput();
    }

    private void onAck(WireMessage.Ack ack) {
        outlet.onAck(ack.edge(), ack.target(), ack.seq());
        afterOutput();
    }

    /** After any change: pay held acks, keep a source going, finish when everything is out. */
    private void afterOutput() {
        if (!outlet.isIdle()) {
            return;
        }
        for (int p = 0; p < ports.length; p++) {
            for (int s = 0; s < ports[p].senders(); s++) {
                long seq = ports[p].takeDueAck(s);
                if (seq > 0) {
                    ack(p, s, seq);
                }
            }
        }
        if (started && !inputsDone && !pullScheduled) {
            pullScheduled = true;
            getContext().getSelf().tell(new OperatorControl.Pull());
        }
        if (inputsDone && !endRequested) {
            endRequested = true;
            if (logic != null) {
                scope.run(() -> logic.onComplete(outlet));
            }
            outlet.requestEnd();
        }
        if (endRequested && !doneReported && outlet.isDrained()) {
            doneReported = true;
            parent.tell(new MemberMessage.OperatorDone(plan.node().id()));
        }
    }

    private void ack(int port, int sender, long seq) {
        PortPlan p = plan.ports().get(port);
        int target = p.remote() ? member : 0;
        portSenders.get(port).get(sender).tell(new WireMessage.Ack(p.producerEdge(), target, seq));
    }

    private String describe(Throwable e) {
        if (e instanceof Outlet.RoutingException) {
            return e.getMessage();
        }
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String[] lines = trace.toString().split("\n");
        String shortTrace = String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, 12)));
        return plan.node().origin() + " failed: " + shortTrace;
    }
}
