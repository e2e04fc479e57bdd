package io.sluice.runtime.logic;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.ir.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * Folds, reductions and scans, whole or per key. Inside a tick the state lives for one tick and
 * the result is emitted at its end; at top level the state lives as long as the flow and the
 * new value is emitted after every input batch (per key: the keys that batch changed), or, when
 * only the final value is wanted ({@code finalOnly}: every consumer is an {@code atEnd}), once,
 * when the input ends.
 */
public final class AggregateLogic {

    private AggregateLogic() {
    }

    static OperatorLogic fold(Node.Fold node, boolean inTick, boolean finalOnly) {
        if (node.keyed() && node.isCount()) {
            return new KeyedCount(inTick, finalOnly);
        }
        return node.keyed() ? new KeyedAggregate(node.init(), node.step(), inTick, finalOnly)
                : new Aggregate(node.init(), node.step(), inTick, finalOnly);
    }

    static OperatorLogic reduce(Node.Reduce node, boolean inTick, boolean finalOnly) {
        BinaryOperator<Object> fn = node.fn();
        return node.keyed() ? new KeyedAggregate(null, fn, inTick, finalOnly)
                : new Aggregate(null, fn, inTick, finalOnly);
    }

    static OperatorLogic scan(Node.Scan node) {
        return new Scan(node.init(), node.step());
    }

    /** One accumulator; a reduce when {@code init} is null (nothing until the first element). */
    private static final class Aggregate implements OperatorLogic {
        private final Supplier<Object> init;
        private final BiFunction<Object, Object, Object> step;
        private final boolean inTick;
        /** Emit only the final value, when the input ends (top level only). */
        private final boolean finalOnly;
        private Object acc;

        Aggregate(Supplier<Object> init, BiFunction<Object, Object, Object> step, boolean inTick, boolean finalOnly) {
            this.init = init;
            this.step = step;
            this.inTick = inTick;
            this.finalOnly = finalOnly && !inTick;
        }

        /**
         * A batch can come before the start (its producer started first): the fold then has
         * its value already, and emitted it; starting must not put it back to {@code init}.
         */
        @Override
        public void onStart(Emitter out) {
            if (!inTick && init != null && acc == null) {
                acc = init.get();
                if (!finalOnly) {
                    out.emit(acc);
                }
            }
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            for (Object e : elements) {
                acc = acc == null ? (init == null ? e : step.apply(init.get(), e)) : step.apply(acc, e);
            }
            if (!inTick && !finalOnly && elements.length > 0) {
                out.emit(acc);
            }
        }

        @Override
        public void onComplete(Emitter out) {
            if (finalOnly && acc != null) {
                out.emit(acc);
            }
        }

        @Override
        public Object[] snapshot() {
            return SnapshotState.ofNullable(acc);
        }

        @Override
        public void restore(Object[] state) {
            acc = SnapshotState.nullable(state);
        }

        @Override
        public void onTickEnd(Emitter out) {
            Object result = acc == null && init != null ? init.get() : acc;
            if (result != null) {
                out.emit(result);
            }
            acc = null;
        }
    }

    /** One accumulator per key, in first-seen key order. */
    private static final class KeyedAggregate implements OperatorLogic {
        private final Supplier<Object> init;
        private final BiFunction<Object, Object, Object> step;
        private final boolean inTick;
        /** Emit only the final values, when the input ends (top level only): no per-batch changes. */
        private final boolean finalOnly;
        private final Map<Object, Object> accs = new LinkedHashMap<>();
        private final Map<Object, Object> changed = new LinkedHashMap<>();

        KeyedAggregate(Supplier<Object> init, BiFunction<Object, Object, Object> step, boolean inTick,
                       boolean finalOnly) {
            this.init = init;
            this.step = step;
            this.inTick = inTick;
            this.finalOnly = finalOnly && !inTick;
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            boolean emitsChanges = !inTick && !finalOnly;
            for (Object e : elements) {
                KV<?, ?> kv = (KV<?, ?>) e;
                Object acc = accs.get(kv.key());
                acc = acc == null ? (init == null ? kv.value() : step.apply(init.get(), kv.value()))
                        : step.apply(acc, kv.value());
                accs.put(kv.key(), acc);
                if (emitsChanges) {
                    changed.put(kv.key(), acc);
                }
            }
            if (emitsChanges) {
                changed.forEach((k, v) -> out.emit(KV.of(k, v)));
                changed.clear();
            }
        }

        @Override
        public void onComplete(Emitter out) {
            if (finalOnly) {
                accs.forEach((k, v) -> out.emit(KV.of(k, v)));
            }
        }

        @Override
        public void onTickEnd(Emitter out) {
            accs.forEach((k, v) -> out.emit(KV.of(k, v)));
            accs.clear();
        }

        @Override
        public Object[] snapshot() {
            return SnapshotState.ofMap(accs, v -> v);
        }

        @Override
        public void restore(Object[] state) {
            SnapshotState.intoMap(state, accs, v -> v);
        }
    }

    /**
     * A keyed {@code count()}: a {@link KeyedAggregate} of {@code 0L} and {@code n + 1}, with each
     * key's count in a mutable cell, so that an element costs one lookup and no allocation.
     */
    private static final class KeyedCount implements OperatorLogic {
        private final boolean inTick;
        private final boolean finalOnly;
        private final Map<Object, long[]> counts = new LinkedHashMap<>();
        private final Map<Object, long[]> changed = new LinkedHashMap<>();

        KeyedCount(boolean inTick, boolean finalOnly) {
            this.inTick = inTick;
            this.finalOnly = finalOnly && !inTick;
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            boolean emitsChanges = !inTick && !finalOnly;
            for (Object e : elements) {
                Object key = ((KV<?, ?>) e).key();
                long[] count = counts.get(key);
                if (count == null) {
                    count = new long[1];
                    counts.put(key, count);
                }
                count[0]++;
                if (emitsChanges) {
                    changed.put(key, count);
                }
            }
            if (emitsChanges) {
                emit(changed, out);
                changed.clear();
            }
        }

        @Override
        public void onTickEnd(Emitter out) {
            emit(counts, out);
            counts.clear();
        }

        @Override
        public void onComplete(Emitter out) {
            if (finalOnly) {
                emit(counts, out);
            }
        }

        @Override
        public Object[] snapshot() {
            return SnapshotState.ofMap(counts, count -> count[0]);
        }

        @Override
        public void restore(Object[] state) {
            SnapshotState.intoMap(state, counts, count -> new long[] {(Long) count});
        }

        private static void emit(Map<Object, long[]> counts, Emitter out) {
            counts.forEach((key, count) -> out.emit(KV.of(key, count[0])));
        }
    }

    /** The running fold after every element; restarts every tick inside a tick. */
    private static final class Scan implements OperatorLogic {
        private final Supplier<Object> init;
        private final BiFunction<Object, Object, Object> step;
        private Object acc;

        Scan(Supplier<Object> init, BiFunction<Object, Object, Object> step) {
            this.init = init;
            this.step = step;
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            for (Object e : elements) {
                acc = step.apply(acc == null ? init.get() : acc, e);
                out.emit(acc);
            }
        }

        @Override
        public void onTickEnd(Emitter out) {
            acc = null;
        }

        @Override
        public Object[] snapshot() {
            return SnapshotState.ofNullable(acc);
        }

        @Override
        public void restore(Object[] state) {
            acc = SnapshotState.nullable(state);
        }
    }
}
