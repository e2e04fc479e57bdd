package io.sluice.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What a test flow's sinks saw, by name, in the order each sink saw it; written from operator actors. */
final class Recorded {

    private final Map<String, List<Object>> seen = new ConcurrentHashMap<>();

    void add(String key, Object value) {
        seen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(value);
    }

    /** A copy of what {@code key}'s sink saw so far. */
    List<Object> get(String key) {
        return List.copyOf(seen.getOrDefault(key, List.of()));
    }

    void clear() {
        seen.clear();
    }

    @Override
    public String toString() {
        return seen.toString();
    }
}
