package io.sluice.runtime.logic;

import java.util.Collections;
import java.util.Iterator;

/**
 * A {@code sourceIter}: every element of its items, from an iterator of the member's own made
 * when the flow starts, in the rounds its operator pulls (see {@link OperatorLogic#isPulled}).
 */
final class SourceLogic implements OperatorLogic {

    /** How long a round reads from the iterator before the operator sends what it has. */
    private static final long ROUND_NANOS = 1_000_000;

    private final Iterable<?> items;
    private Iterator<?> iterator = Collections.emptyIterator();
    private boolean exhausted;
    /** How many elements were emitted: a snapshot's position, from which a restored source goes on. */
    private long emitted;

    SourceLogic(Iterable<?> items) {
        this.items = items;
    }

    @Override
    public void onStart(Emitter out) {
        iterator = items.iterator();
        for (long skip = emitted; skip > 0; skip--) {
            if (!iterator.hasNext()) {
                throw new IllegalStateException("the items of a sourceIter restored from a snapshot ended after "
                        + (emitted - skip) + " elements, but " + emitted + " had been emitted before: the flow"
                        + " restarts only from sources that give the same elements every time they are iterated");
            }
            iterator.next();
        }
    }

    @Override
    public Object[] snapshot() {
        return new Object[] {emitted};
    }

    @Override
    public void restore(Object[] state) {
        emitted = (Long) state[0];
    }

    @Override
    public void onBatch(int port, int sender, Object[] elements, Emitter out) {
        throw new IllegalStateException("a sourceIter has no inputs");
    }

    @Override
    public boolean isPulled() {
        return true;
    }

    @Override
    public void pull(Emitter out, int max) {
        Iterator<?> it = iterator;
        long start = System.nanoTime();
        int n = 0;
        while (n < max && it.hasNext()) {
            out.emit(it.next());
            n++;
            // A batch is what is ready now: a slow iterator's elements go out after at most
            // ROUND_NANOS, not when a whole batch has been waited for. The clock is read for
            // each of the first elements, then every 64th (reading it costs about as much as
            // handling a fast element).
            if ((n < 16 || (n & 63) == 0) && System.nanoTime() - start > ROUND_NANOS) {
                break;
            }
        }
        emitted += n;
        // What was read goes out before the iterator is asked for more, which may take long.
        out.flush();
        exhausted = !it.hasNext();
    }

    @Override
    public boolean isExhausted() {
        return exhausted;
    }

    @Override
    public boolean isQuiet() {
        return exhausted;
    }
}
