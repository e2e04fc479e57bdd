package io.sluice.runtime.scope;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines of a text stream, at most {@code capacity} of them, so that a long-running
 * flow that prints keeps bounded memory; it counts the lines it let go. Thread-safe.
 */
public final class LineTail {

    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private long dropped;

    /**
     * @param capacity how many lines to keep, at least 1
     */
    public LineTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a line tail keeps at least 1 line, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Keeps {@code line}, letting the oldest go when full. */
    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.pollFirst();
            dropped++;
        }
        lines.addLast(line);
    }

    /** The lines kept, oldest first. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** How many lines were let go to stay within the capacity. */
    public synchronized long dropped() {
        return dropped;
    }
}
