package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import io.sluice.plan.FlowPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives the operator logic of one node of a small flow, with no actor system, as Flink's
 * {@code OneInputStreamOperatorTestHarness} drives one operator: the test feeds it batches on
 * ports from senders, opens and ends ticks, fires its timer on a clock it moves by hand, reports
 * members that left and clusters that settled, completes it, and reads what it emitted, in
 * order. The driver plays the operator actor's part: the logic is built as the actor builds it
 * (in a tick or not, from the flow's plan), and {@link #tickEnd} means what the actor means by it
 * (every input port has closed the tick).
 *
 * <p>It also checks the logic's side of the contract: a batch handed to it is never written into,
 * and nothing it emits is null.
 */
final class LogicDriver {

    private final OperatorLogic logic;
    private final boolean inTick;
    private final List<Object> emitted = new ArrayList<>();
    private final Emitter out = new Emitter() {
        @Override
        public void emit(Object element) {
            if (element == null) {
                throw new AssertionError("the logic emitted null");
            }
            emitted.add(element);
            unflushed++;
        }

        @Override
        public void emitAll(Object[] elements) {
            for (Object e : elements) {
                emit(e);
            }
        }

        @Override
        public void flush() {
            unflushed = 0;
        }
    };
    private final AtomicInteger wakeups = new AtomicInteger();
    private long nanoTime;
    private boolean wired;
    private int unflushed;

    private LogicDriver(FlowPlan.OperatorPlan plan, List<Integer> sizes) {
        this.inTick = plan.receivesTicks();
        this.logic = OperatorLogic.of(plan, sizes, () -> nanoTime, ExternalEndpoints.NONE);
    }

    /** The logic of the one node of class {@code kind} in {@code graph}, every location of one member. */
    static LogicDriver of(FlowGraph graph, Class<? extends Node> kind) {
        return of(graph, kind, Collections.nCopies(graph.locations().size(), 1));
    }

    /** The logic of the one node of class {@code kind} in {@code graph}, with {@code sizes} members per location. */
    static LogicDriver of(FlowGraph graph, Class<? extends Node> kind, List<Integer> sizes) {
        List<Node> matching = graph.nodes().stream().filter(kind::isInstance).toList();
        if (matching.size() != 1) {
            throw new IllegalArgumentException("the flow has " + matching.size() + " nodes of " + kind.getSimpleName()
                    + ", the driver needs exactly one:\n" + graph.describe());
        }
        Node node = matching.get(0);
        return new LogicDriver(FlowPlan.of(graph, sizes).operators().get(node.id()), sizes);
    }

    /** The logic driven, for what it tells its actor ({@code hasPending}, {@code isQuiet}, ...). */
    OperatorLogic logic() {
        return logic;
    }

    /** Whether the node receives tick batches (its state lives for one tick). */
    boolean inTick() {
        return inTick;
    }

    /** The operator is wired: input may come before the start (once; {@link #start} wires it if need be). */
    LogicDriver wired() {
        if (!wired) {
            wired = true;
            logic.onWired();
        }
        return this;
    }

    /** The flow starts; an asynchronous logic's wake-ups are counted (see {@link #wakeups()}). */
    LogicDriver start() {
        wired();
        logic.onStart(out, wakeups::incrementAndGet);
        return this;
    }

    /** How many times an asynchronous logic has woken its operator so far, from any thread. */
    int wakeups() {
        return wakeups.get();
    }

    /** The operator handles a wake-up: the logic takes in what other threads handed over. */
    LogicDriver wake() {
        logic.onWake(out);
        return this;
    }

    /** The operator's actor stops. */
    LogicDriver stop() {
        logic.onStop();
        return this;
    }

    /** A batch on port 0 from sender 0. */
    LogicDriver batch(Object... elements) {
        return batchOn(0, 0, elements);
    }

    /** A batch on port {@code port} from sender {@code sender}. */
    LogicDriver batchOn(int port, int sender, Object... elements) {
        Object[] before = elements.clone();
        logic.onBatch(port, sender, elements, out);
        assertArrayEquals(before, elements, "the logic wrote into the batch it was handed");
        return this;
    }

    /** Every input port has closed the current tick. */
    LogicDriver tickEnd() {
        logic.onTickEnd(out);
        return this;
    }

    /** A tick entry: the clock opens a tick. */
    LogicDriver openTick() {
        logic.onOpenTick(out);
        return this;
    }

    /** Moves the clock of the time operators on by {@code elapsed}. */
    LogicDriver advance(Duration elapsed) {
        nanoTime += elapsed.toNanos();
        return this;
    }

    /** The logic's timer fires. */
    LogicDriver timer() {
        logic.onTimer(out);
        return this;
    }

    /** A pulled source's next round, of at most {@code max} elements. */
    LogicDriver pull(int max) {
        logic.pull(out, max);
        return this;
    }

    /** Member {@code member} of cluster location {@code location} left the flow early. */
    LogicDriver memberLeft(int location, int member) {
        logic.onMemberLeft(location, member, out);
        return this;
    }

    /** Every member of cluster location {@code location} finished or left. */
    LogicDriver clusterSettled(int location) {
        logic.onClusterSettled(location);
        return this;
    }

    /** Every input has ended. */
    LogicDriver complete() {
        logic.onComplete(out);
        return this;
    }

    /**
     * How many elements the logic emitted since it last {@linkplain Emitter#flush flushed}: an
     * actor sends those when the logic returns.
     */
    int unflushed() {
        return unflushed;
    }

    /** What the logic emitted since the last call, in order. */
    List<Object> take() {
        List<Object> taken = List.copyOf(emitted);
        emitted.clear();
        return taken;
    }
}
