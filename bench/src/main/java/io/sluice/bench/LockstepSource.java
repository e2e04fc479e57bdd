package io.sluice.bench;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A source for W2 that lets one element at a time into the flow: its iterator hands out
 * {@code 0 .. total-1}, but {@code next()} blocks until the previous element came back to the
 * leader's {@code forEach}, which calls {@link #arrived}. The round trip of element {@code i}
 * is the time from the moment {@code next()} returned it to the moment {@code arrived} saw it.
 *
 * <p><b>Blocking inside a source is acceptable only in this bench.</b> Sluice runs a source's
 * iterator inside the source's actor, so {@code next()} blocking holds one dispatcher thread
 * of the leader's ActorSystem for up to one round trip; the other actors of that system (the
 * receiving end of {@code sendAnonymous}, the {@code forEach}) run on the dispatcher's other
 * threads. A real program must never block in operator code. If an element does not come back
 * within {@link #TIMEOUT_SECONDS} seconds, {@code next()} throws, which fails the flow instead of
 * hanging it.
 *
 * <p>The runtime reads a source's iterator until it has a full batch
 * ({@code sluice.batch.max-elements}) or about a millisecond has passed, and looks at the clock
 * only between calls to {@code next()}: a {@code next()} that blocks holds back the elements read
 * before it in the same batch. This source therefore only works with that setting at 1 (see
 * {@link W2Latency}). Iterable once.
 */
final class LockstepSource implements Iterable<Integer> {

    private static final long TIMEOUT_SECONDS = 10;

    private final int total;
    private final long[] sentAt;
    private final long[] roundTrip;
    private final Semaphore returned = new Semaphore(0);
    private int next;

    /** A source of {@code 0 .. total-1}. */
    LockstepSource(int total) {
        this.total = total;
        this.sentAt = new long[total];
        this.roundTrip = new long[total];
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public Integer next() {
                if (next >= total) {
                    throw new NoSuchElementException();
                }
                if (next > 0) {
                    awaitReturn(next - 1);
                }
                sentAt[next] = System.nanoTime();
                return next++;
            }
        };
    }

    /** Called by the leader's {@code forEach} with a doubled element that came back. */
    void arrived(long doubled) {
        int element = (int) (doubled / 2);
        roundTrip[element] = System.nanoTime() - sentAt[element];
        returned.release();
    }

    /** The round trips of elements {@code from .. total-1}, in nanoseconds, in element order. */
    long[] roundTrips(int from) {
        long[] out = new long[total - from];
        System.arraycopy(roundTrip, from, out, 0, out.length);
        return out;
    }

    private void awaitReturn(int element) {
        try {
            if (!returned.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("element " + element + " did not come back within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for element " + element, e);
        }
    }
}
