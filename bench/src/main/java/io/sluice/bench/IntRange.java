package io.sluice.bench;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The integers {@code from, from + 1, ..., to - 1}, produced lazily: a source of any size that
 * holds nothing in memory but its position.
 *
 * @param from the first integer
 * @param to   one past the last integer
 */
record IntRange(int from, int to) implements Iterable<Integer> {

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public Integer next() {
                if (next >= to) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }
}
