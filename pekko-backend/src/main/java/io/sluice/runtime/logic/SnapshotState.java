package io.sluice.runtime.logic;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** How logics lay their state out for a snapshot: flat arrays of elements, with no nulls. */
final class SnapshotState {

    private SnapshotState() {
    }

    /** An optional value: empty, or the value alone. */
    static Object[] ofNullable(Object value) {
        return value == null ? new Object[0] : new Object[] {value};
    }

    /** The value of {@link #ofNullable}, or null. */
    static Object nullable(Object[] state) {
        return state.length == 0 ? null : state[0];
    }

    /** A map's entries as key, value, key, value... in its iteration order, each value mapped by {@code write}. */
    static <V> Object[] ofMap(Map<?, V> map, Function<V, Object> write) {
        Object[] state = new Object[map.size() * 2];
        int i = 0;
        for (Map.Entry<?, V> e : map.entrySet()) {
            state[i++] = e.getKey();
            state[i++] = write.apply(e.getValue());
        }
        return state;
    }

    /** Puts the entries of {@link #ofMap} back into {@code map}, each value mapped by {@code read}. */
    @SuppressWarnings("unchecked")
    static <V> void intoMap(Object[] state, Map<Object, V> map, Function<Object, V> read) {
        for (int i = 0; i + 1 < state.length; i += 2) {
            map.put(state[i], read.apply(state[i + 1]));
        }
    }

    /** Two lists as one array: the first list's size, its elements, then the second's. */
    static Object[] ofTwo(List<?> first, List<?> second) {
        Object[] state = new Object[1 + first.size() + second.size()];
        state[0] = first.size();
        int i = 1;
        for (Object e : first) {
            state[i++] = e;
        }
        for (Object e : second) {
            state[i++] = e;
        }
        return state;
    }

    /** The first list of {@link #ofTwo}. */
    static List<Object> first(Object[] state) {
        return List.of(state).subList(1, 1 + (Integer) state[0]);
    }

    /** The second list of {@link #ofTwo}. */
    static List<Object> second(Object[] state) {
        return List.of(state).subList(1 + (Integer) state[0], state.length);
    }
}
