package io.sluice.runtime.logic;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.ir.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tick entries ({@code batch}, {@code snapshot}, {@code defer}: they emit when the member's
 * clock opens a tick) and the operators that need a whole batch or keep state across ticks.
 */
public final class TickLogic {

    private TickLogic() {
    }

    static OperatorLogic batch() {
        return new Batch();
    }

    static OperatorLogic snapshot(Node.Snapshot node) {
        return new Snapshot(node.keyed());
    }

    static OperatorLogic defer() {
        return new Defer();
    }

    static OperatorLogic persist() {
        return new Persist();
    }

    static OperatorLogic sort(Node.Sort node) {
        return new Sort(node.order());
    }

    static OperatorLogic unique() {
        return new Unique();
    }

    /**
     * What arrived since the previous tick, emitted when the next one opens. The elements are
     * held unacknowledged meanwhile, so the producer's credit window bounds a tick's batch.
     */
    private static final class Batch implements OperatorLogic {
        private final List<Object[]> held = new ArrayList<>();

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            if (elements.length > 0) {
                held.add(elements);
            }
        }

        @Override
        public void onOpenTick(Emitter out) {
            held.forEach(out::emitAll);
            held.clear();
        }

        @Override
        public boolean hasPending() {
            return !held.isEmpty();
        }

        @Override
        public boolean retainsInput() {
            return !held.isEmpty();
        }

        @Override
        public Object[] snapshot() {
            return held.stream().flatMap(Arrays::stream).toArray();
        }

        @Override
        public void restore(Object[] state) {
            if (state.length > 0) {
                held.add(state);
            }
        }
    }

    /** The latest value of a top-level singleton (every key's, when keyed), entering every tick. */
    private static final class Snapshot implements OperatorLogic {
        private final boolean keyed;
        private final Map<Object, Object> latest = new LinkedHashMap<>();
        private boolean changed;

        Snapshot(boolean keyed) {
            this.keyed = keyed;
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            for (Object e : elements) {
                latest.put(keyed ? ((KV<?, ?>) e).key() : Snapshot.class, e);
                changed = true;
            }
        }

        @Override
        public void onOpenTick(Emitter out) {
            latest.values().forEach(out::emit);
            changed = false;
        }

        @Override
        public boolean hasPending() {
            return changed;
        }

        /** Whether it changed since the last tick, then the latest values (each a key's, when keyed). */
        @Override
        public Object[] snapshot() {
            Object[] state = new Object[latest.size() + 1];
            state[0] = changed;
            int i = 1;
            for (Object value : latest.values()) {
                state[i++] = value;
            }
            return state;
        }

        @Override
        public void restore(Object[] state) {
            changed = (Boolean) state[0];
            for (int i = 1; i < state.length; i++) {
                latest.put(keyed ? ((KV<?, ?>) state[i]).key() : Snapshot.class, state[i]);
            }
        }
    }

    /**
     * The previous tick's elements: stored when the input closes a tick, emitted when the clock
     * opens the next. The clock's message and the input's tick marker come from different
     * actors, so the marker of tick {@code k} may arrive before the opening of tick {@code k}:
     * stored batches wait in a queue, which starts with tick 0's (empty) batch.
     */
    private static final class Defer implements OperatorLogic {
        private final ArrayDeque<List<Object>> stored = new ArrayDeque<>(List.of(List.of()));
        private List<Object> current = new ArrayList<>();

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            current.addAll(Arrays.asList(elements));
        }

        @Override
        public void onTickEnd(Emitter out) {
            stored.add(current);
            current = new ArrayList<>();
        }

        @Override
        public void onOpenTick(Emitter out) {
            stored.remove().forEach(out::emit);
        }

        /**
         * Taken between ticks, when the input has closed the last tick: the batches stored for
         * the ticks to come, each as its size and then its elements.
         */
        @Override
        public Object[] snapshot() {
            List<Object> state = new ArrayList<>();
            for (List<Object> batch : stored) {
                state.add(batch.size());
                state.addAll(batch);
            }
            return state.toArray();
        }

        @Override
        public void restore(Object[] state) {
            stored.clear();
            for (int i = 0; i < state.length; ) {
                int size = (Integer) state[i++];
                stored.add(new ArrayList<>(Arrays.asList(state).subList(i, i + size)));
                i += size;
            }
        }
    }

    /** Every element of every tick so far, emitted again at the end of each tick. */
    private static final class Persist implements OperatorLogic {
        private final List<Object> all = new ArrayList<>();

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            all.addAll(Arrays.asList(elements));
        }

        @Override
        public void onTickEnd(Emitter out) {
            all.forEach(out::emit);
        }

        @Override
        public Object[] snapshot() {
            return all.toArray();
        }

        @Override
        public void restore(Object[] state) {
            all.addAll(Arrays.asList(state));
        }
    }

    /** A tick's elements, sorted at its end. */
    private static final class Sort implements OperatorLogic {
        private final Comparator<Object> order;
        private final List<Object> batch = new ArrayList<>();

        Sort(Comparator<Object> order) {
            this.order = order;
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            batch.addAll(Arrays.asList(elements));
        }

        @Override
        public void onTickEnd(Emitter out) {
            batch.sort(order);
            batch.forEach(out::emit);
            batch.clear();
        }

        @Override
        public Object[] snapshot() {
            return batch.toArray();
        }

        @Override
        public void restore(Object[] state) {
            batch.addAll(List.of(state));
        }
    }

    /** First occurrences; the set of seen elements lives for one tick inside a tick. */
    private static final class Unique implements OperatorLogic {
        private final Set<Object> seen = new HashSet<>();

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            for (Object e : elements) {
                if (seen.add(e)) {
                    out.emit(e);
                }
            }
        }

        @Override
        public void onTickEnd(Emitter out) {
            seen.clear();
        }

        @Override
        public Object[] snapshot() {
            return seen.toArray();
        }

        @Override
        public void restore(Object[] state) {
            seen.addAll(List.of(state));
        }
    }
}
