package io.sluice.runtime.logic;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operators of two inputs (port 0 and port 1). Inside a tick their state is that tick's and is
 * dropped at its end; at top level it is kept for the life of the flow.
 */
public final class CombineLogic {

    private CombineLogic() {
    }

    static OperatorLogic join() {
        return new Join();
    }

    static OperatorLogic antiJoin() {
        return new AntiJoin();
    }

    static OperatorLogic crossProduct() {
        return new CrossProduct();
    }

    static OperatorLogic crossSingleton(boolean inTick) {
        return new CrossSingleton(inTick);
    }

    static OperatorLogic chain() {
        return new Chain();
    }

    /** Symmetric hash join: each arriving pair meets every pair with its key seen on the other side. */
    private static final class Join implements OperatorLogic {
        private final List<Map<Object, List<Object>>> sides = List.of(new HashMap<>(), new HashMap<>());

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            Map<Object, List<Object>> mine = sides.get(port);
            Map<Object, List<Object>> theirs = sides.get(1 - port);
            for (Object e : elements) {
                KV<?, ?> kv = (KV<?, ?>) e;
                mine.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
                for (Object other : theirs.getOrDefault(kv.key(), List.of())) {
                    out.emit(KV.of(kv.key(), port == 0 ? Pair.of(kv.value(), other) : Pair.of(other, kv.value())));
                }
            }
        }

        @Override
        public void onTickEnd(Emitter out) {
            sides.forEach(Map::clear);
        }

        @Override
        public Object[] snapshot() {
            return new Object[] {new HashMap<>(sides.get(0)), new HashMap<>(sides.get(1))};
        }

        @Override
        @SuppressWarnings("unchecked")
        public void restore(Object[] state) {
            for (int side = 0; side < 2; side++) {
                Map<Object, List<Object>> mine = sides.get(side);
                ((Map<Object, Object>) state[side]).forEach((k, v) -> mine.put(k, new ArrayList<>((List<Object>) v)));
            }
        }
    }

    /** The left pairs whose key the right side does not have, once the tick's right side is complete. */
    private static final class AntiJoin implements OperatorLogic {
        private final List<Object> left = new ArrayList<>();
        private final Set<Object> right = new HashSet<>();

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            if (port == 0) {
                left.addAll(List.of(elements));
            } else {
                right.addAll(List.of(elements));
            }
        }

        @Override
        public void onTickEnd(Emitter out) {
            for (Object e : left) {
                if (!right.contains(((KV<?, ?>) e).key())) {
                    out.emit(e);
                }
            }
            left.clear();
            right.clear();
        }

        @Override
        public Object[] snapshot() {
            return SnapshotState.ofTwo(left, List.copyOf(right));
        }

        @Override
        public void restore(Object[] state) {
            left.addAll(SnapshotState.first(state));
            right.addAll(SnapshotState.second(state));
        }
    }

    /** Every arriving element pairs with everything seen on the other side. */
    private static final class CrossProduct implements OperatorLogic {
        private final List<List<Object>> sides = List.of(new ArrayList<>(), new ArrayList<>());

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            List<Object> theirs = sides.get(1 - port);
            for (Object e : elements) {
                sides.get(port).add(e);
                for (Object other : theirs) {
                    out.emit(port == 0 ? Pair.of(e, other) : Pair.of(other, e));
                }
            }
        }

        @Override
        public void onTickEnd(Emitter out) {
            sides.forEach(List::clear);
        }

        @Override
        public Object[] snapshot() {
            return SnapshotState.ofTwo(sides.get(0), sides.get(1));
        }

        @Override
        public void restore(Object[] state) {
            sides.get(0).addAll(SnapshotState.first(state));
            sides.get(1).addAll(SnapshotState.second(state));
        }
    }

    /**
     * Port 0's elements paired with port 1's value: elements wait until there is one. Inside a
     * tick the value is the tick's (elements of a tick without one are dropped at its end); at
     * top level it is the latest.
     */
    private static final class CrossSingleton implements OperatorLogic {
        private final boolean inTick;
        private final List<Object> waiting = new ArrayList<>();
        private Object value;

        CrossSingleton(boolean inTick) {
            this.inTick = inTick;
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            if (port == 1) {
                if (elements.length > 0) {
                    value = elements[elements.length - 1];
                    waiting.forEach(e -> out.emit(Pair.of(e, value)));
                    waiting.clear();
                }
                return;
            }
            for (Object e : elements) {
                if (value == null) {
                    waiting.add(e);
                } else {
                    out.emit(Pair.of(e, value));
                }
            }
        }

        @Override
        public boolean retainsInput() {
            return !waiting.isEmpty() && !inTick;
        }

        @Override
        public void onTickEnd(Emitter out) {
            waiting.clear();
            value = null;
        }

        /** {@code true} and the value, or {@code false} and the waiting elements (they wait only while there is none). */
        @Override
        public Object[] snapshot() {
            if (value != null) {
                return new Object[] {true, value};
            }
            Object[] state = new Object[1 + waiting.size()];
            state[0] = false;
            for (int i = 0; i < waiting.size(); i++) {
                state[i + 1] = waiting.get(i);
            }
            return state;
        }

        @Override
        public void restore(Object[] state) {
            if ((Boolean) state[0]) {
                value = state[1];
            } else {
                waiting.addAll(List.of(state).subList(1, state.length));
            }
        }
    }

    /** Port 0's elements as they come, then port 1's, held until the tick ends. */
    private static final class Chain implements OperatorLogic {
        private final List<Object> second = new ArrayList<>();

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            if (port == 0) {
                out.emitAll(elements);
            } else {
                second.addAll(List.of(elements));
            }
        }

        @Override
        public void onTickEnd(Emitter out) {
            second.forEach(out::emit);
            second.clear();
        }

        @Override
        public Object[] snapshot() {
            return second.toArray();
        }

        @Override
        public void restore(Object[] state) {
            second.addAll(List.of(state));
        }
    }
}
