package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import io.sluice.dataflow.ir.Node;
import io.sluice.plan.FlowPlan;
import io.sluice.plan.Snapshots;
import io.sluice.runtime.wire.ElementCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every stateful operator's logic, snapshotted halfway through its input, encoded and decoded
 * as a snapshot part is, and restored into a fresh logic, goes on exactly as the logic that was
 * never interrupted: same output for the rest of the input and at its end.
 */
class SnapshotRoundTripTest {

    static final class P {
    }

    private static final ElementCodec CODEC = ElementCodec.standard();

    @Test
    void everyStatefulLogicGoesOnFromItsSnapshotAsIfUninterrupted() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        ProcessStream<Integer, P> source = p.sourceIter(() -> IntStream.range(0, 10).iterator());
        source.fold(() -> 0L, (acc, x) -> acc + x).atEnd().forEach(x -> { });
        source.reduce(Integer::sum).atEnd().forEach(x -> { });
        source.scan(() -> 0L, (acc, x) -> acc + x).forEach(x -> { });
        source.enumerate().forEach(x -> { });
        source.keyBy(x -> x % 3).count().atEnd().forEach(x -> { });
        source.keyBy(x -> x % 3).fold(ArrayList<Integer>::new, (acc, x) -> {
            acc.add(x);
            return acc;
        }).sampleEvery(Duration.ofDays(1)).forEach(x -> { });
        source.keyBy(x -> x % 3).reduce(Math::max).atEnd().forEach(x -> { });
        source.keyBy(x -> x % 2).join(source.map(x -> "r" + x).keyBy(x -> x.length())).entries().forEach(x -> { });
        source.crossProduct(source.map(x -> "r" + x)).forEach(x -> { });
        source.crossSingleton(source.fold(() -> 0, Integer::sum)).forEach(x -> { });
        source.timeout(Duration.ofDays(1)).forEach(x -> { });
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1));

        Set<String> checked = new HashSet<>();
        for (FlowPlan.OperatorPlan op : plan.operators()) {
            if (Snapshots.kindOf(op) != Snapshots.Kind.STATEFUL) {
                continue;
            }
            List<Object> uninterrupted = new ArrayList<>();
            List<Object> restored = new ArrayList<>();
            OperatorLogic first = logic(op);
            OperatorLogic second = logic(op);
            start(first, uninterrupted);
            start(second, new ArrayList<>());
            feed(op, first, 0, 5, uninterrupted);
            Object[] state = CODEC.decode(CODEC.encode(first.snapshot(), 0, first.snapshot().length));
            OperatorLogic fresh = logic(op);
            fresh.restore(state);
            start(fresh, restored);
            int before = uninterrupted.size();
            feed(op, first, 5, 10, uninterrupted);
            feed(op, fresh, 5, 10, restored);
            first.onComplete(collect(uninterrupted));
            fresh.onComplete(collect(restored));
            assertEquals(uninterrupted.subList(before, uninterrupted.size()).toString(), restored.toString(),
                    op.node().origin() + " after its restore");
            checked.add(op.node().getClass().getSimpleName());
        }
        assertEquals(Set.of("SourceIter", "Fold", "Reduce", "Scan", "Enumerate", "Join", "CrossProduct",
                "CrossSingleton", "SampleEvery", "AtEnd", "Timeout"), checked);
    }

    /**
     * The operators of a tick, snapshotted as their clock cuts them: between two ticks, after the
     * first half of the input went through one tick (a feeding entry holding what came after that
     * tick opened). Restored, each goes on through the next ticks as if never interrupted.
     */
    @Test
    void everyStatefulLogicOfATickGoesOnFromItsSnapshotAsIfUninterrupted() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        Tick<Process<P>> tick = p.tick();
        ProcessStream<Integer, P> source = p.sourceIter(() -> IntStream.range(0, 10).iterator());
        ProcessStream<Integer, P> batch = source.batch(tick);
        batch.persist().allTicks().forEach(x -> { });
        batch.deferTick().allTicks().forEach(x -> { });
        batch.sort(Comparator.reverseOrder()).allTicks().forEach(x -> { });
        batch.map(x -> x % 4).unique().allTicks().forEach(x -> { });
        batch.chain(batch.map(x -> -x)).allTicks().forEach(x -> { });
        batch.keyBy(x -> x % 3).antiJoin(batch.map(x -> x % 2)).entries().allTicks().forEach(x -> { });
        source.fold(() -> 0L, (acc, x) -> acc + x).snapshot(tick).intoStream().allTicks().forEach(x -> { });
        FlowPlan plan = FlowPlan.of(flow.build(), List.of(1));
        assertEquals(List.of(), Snapshots.blockers(plan), "a flow with a tick takes snapshots");

        Set<String> checked = new HashSet<>();
        for (FlowPlan.OperatorPlan op : plan.operators()) {
            if (op.role() == FlowPlan.TickRole.NONE || Snapshots.kindOf(op) != Snapshots.Kind.STATEFUL) {
                continue;
            }
            List<Object> uninterrupted = new ArrayList<>();
            List<Object> restored = new ArrayList<>();
            OperatorLogic first = logic(op);
            start(first, uninterrupted);
            tick(op, first, 0, 5, uninterrupted);
            Object[] state = CODEC.decode(CODEC.encode(first.snapshot(), 0, first.snapshot().length));
            OperatorLogic fresh = logic(op);
            fresh.restore(state);
            start(fresh, restored);
            int before = uninterrupted.size();
            for (int[] range : new int[][] {{5, 10}, {10, 10}, {10, 10}}) {
                tick(op, first, range[0], range[1], uninterrupted);
                tick(op, fresh, range[0], range[1], restored);
            }
            assertEquals(uninterrupted.subList(before, uninterrupted.size()).toString(), restored.toString(),
                    op.node().origin() + " after its restore");
            checked.add(op.node().getClass().getSimpleName());
        }
        assertTrue(checked.containsAll(Set.of("Batch", "Snapshot", "Defer", "Persist", "Sort", "Unique", "Chain",
                "AntiJoin")), checked::toString);
    }

    /**
     * One tick as the operator sees it: an entry emits what enters the tick, then the input
     * {@code from..to-1} arrives (for the tick's operators, the tick's batch; for a feeding
     * entry, what the next tick will take), and the tick ends for the operators inside it.
     */
    private static void tick(FlowPlan.OperatorPlan op, OperatorLogic logic, int from, int to, List<Object> out) {
        if (op.role().isEntry()) {
            logic.onOpenTick(collect(out));
        }
        feed(op, logic, from, to, out);
        if (op.receivesTicks()) {
            logic.onTickEnd(collect(out));
        }
    }

    private static OperatorLogic logic(FlowPlan.OperatorPlan op) {
        return OperatorLogic.of(op, List.of(1), System::nanoTime, ExternalEndpoints.NONE);
    }

    private static void start(OperatorLogic logic, List<Object> out) {
        logic.onWired();
        logic.onStart(collect(out));
    }

    /** Elements {@code from..to-1} of each input the node has, or, for the source, that many pulled. */
    private static void feed(FlowPlan.OperatorPlan op, OperatorLogic logic, int from, int to, List<Object> out) {
        Emitter emitter = collect(out);
        if (op.ports().isEmpty()) {
            logic.pull(emitter, to - from);
            return;
        }
        for (int port = 0; port < op.ports().size(); port++) {
            Object[] batch = new Object[to - from];
            for (int i = from; i < to; i++) {
                batch[i - from] = element(op.node(), port, i);
            }
            logic.onBatch(port, 0, batch, emitter);
        }
    }

    private static Object element(Node node, int port, int i) {
        boolean keyed = node instanceof Node.Fold f && f.keyed() || node instanceof Node.Reduce r && r.keyed()
                || node instanceof Node.SampleEvery s && s.keyed() || node instanceof Node.AtEnd a && a.keyed()
                || node instanceof Node.Join;
        if (node instanceof Node.Join) {
            return port == 0 ? KV.of(i % 2, i) : KV.of(2, "r" + i);
        }
        if (node instanceof Node.Snapshot) {
            return (long) i;
        }
        if (node instanceof Node.AntiJoin) {
            return port == 0 ? KV.of(i % 3, i) : (Object) (i % 2);
        }
        if (node instanceof Node.Unique) {
            return i % 4;
        }
        if (node instanceof Node.Chain || node instanceof Node.Sort) {
            return port == 0 ? (Object) i : -i;
        }
        return keyed ? KV.of(i % 3, i) : port == 0 ? (Object) i : "r" + i;
    }

    private static Emitter collect(List<Object> out) {
        return new Emitter() {
            @Override
            public void emit(Object element) {
                out.add(element);
            }

            @Override
            public void emitAll(Object[] elements) {
                out.addAll(List.of(elements));
            }

            @Override
            public void flush() {
            }
        };
    }

    @Test
    void aSourceRestoredAtItsPositionGoesOnFromThere() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        p.sourceIter(() -> IntStream.range(0, 10).iterator()).forEach(x -> { });
        FlowPlan.OperatorPlan source = FlowPlan.of(flow.build(), List.of(1)).operators().get(0);
        OperatorLogic logic = logic(source);
        logic.restore(new Object[] {7L});
        List<Object> out = new ArrayList<>();
        start(logic, out);
        logic.pull(collect(out), 100);
        assertEquals(List.of(7, 8, 9), out);
        assertTrue(logic.isExhausted());
    }
}
