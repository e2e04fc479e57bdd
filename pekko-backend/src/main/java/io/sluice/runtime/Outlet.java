package io.sluice.runtime;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.ir.Origin;
import java.util.Arrays;

/**
 * The output side of an operator: collects emitted elements into batches of at most
 * {@code maxBatch} and routes every batch along each out-edge, to that edge's channels.
 * A batch is cut when it is full or when the operator finishes handling its input: whatever is
 * ready goes out at once.
 */
final class Outlet implements Emitter {

    private final Origin origin;
    private final OutEdge[] edges;
    private final int maxBatch;
    private Object[] buffer;
    private int size;

    Outlet(Origin origin, OutEdge[] edges, int maxBatch) {
        this.origin = origin;
        this.edges = edges;
        this.maxBatch = maxBatch;
        this.buffer = new Object[maxBatch];
    }

    @Override
    public void emit(Object element) {
        if (element == null) {
            throw new NullPointerException(origin + " produced null: streams carry no nulls "
                    + "(use filterMap with Optional.empty() for \"no result\")");
        }
        buffer[size++] = element;
        if (size == maxBatch) {
            flush();
        }
    }

    @Override
    public void emitAll(Object[] elements) {
        if (size == 0 && elements.length <= maxBatch) {
            route(elements);
            return;
        }
        for (Object e : elements) {
            emit(e);
        }
    }

    /** Sends what is buffered as one batch. */
    void flush() {
        if (size == 0) {
            return;
        }
        Object[] batch = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        if (batch == buffer) {
            buffer = new Object[maxBatch];
        }
        size = 0;
        route(batch);
    }

    /**
     * Closes the current tick on every out-edge: what is buffered goes out as the tick's last
     * batch, marked as such (an empty marked batch when nothing is buffered). Only for operators
     * inside a tick, whose out-edges are all local.
     */
    void endTick() {
        Object[] batch = Arrays.copyOf(buffer, size);
        size = 0;
        for (OutEdge edge : edges) {
            for (OutChannel c : edge.channels) {
                c.offer(batch, true);
            }
        }
    }

    /** Whether nothing waits for credit on any channel. */
    boolean isIdle() {
        for (OutEdge edge : edges) {
            for (OutChannel c : edge.channels) {
                if (!c.isIdle()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Ends every channel after what was emitted so far. */
    void requestEnd() {
        flush();
        for (OutEdge edge : edges) {
            for (OutChannel c : edge.channels) {
                c.requestEnd();
            }
        }
    }

    /** Whether every channel has ended and had all its batches acknowledged. */
    boolean isDrained() {
        for (OutEdge edge : edges) {
            for (OutChannel c : edge.channels) {
                if (!c.isDrained()) {
                    return false;
                }
            }
        }
        return true;
    }

    void onAck(int edge, int target, long seq) {
        edges[edge].channels[target].onAck(seq);
    }

    private void route(Object[] batch) {
        for (OutEdge edge : edges) {
            edge.route(batch);
        }
    }

    /** An element the network operator of an edge cannot route: a user mistake, reported as the edge's. */
    static final class RoutingException extends IllegalArgumentException {
        RoutingException(String message) {
            super(message);
        }
    }

    /** One out-edge: its routing, the consumer it feeds (for messages), and one channel per target. */
    static final class OutEdge {
        private final EdgeKind kind;
        private final Origin consumer;
        private final OutChannel[] channels;
        private long roundRobin;

        OutEdge(EdgeKind kind, Origin consumer, OutChannel[] channels) {
            this.kind = kind;
            this.consumer = consumer;
            this.channels = channels;
        }

        void route(Object[] batch) {
            switch (kind) {
                case LOCAL, TO_PROCESS -> channels[0].offer(batch);
                case BROADCAST -> {
                    for (OutChannel c : channels) {
                        c.offer(batch);
                    }
                }
                case ROUND_ROBIN -> roundRobin(batch);
                case DEMUX -> demux(batch);
                default -> throw new IllegalStateException("unknown edge kind " + kind);
            }
        }

        private void roundRobin(Object[] batch) {
            int n = channels.length;
            int first = (int) (roundRobin % n);
            roundRobin += batch.length;
            if (n == 1) {
                channels[0].offer(batch);
                return;
            }
            Object[][] parts = new Object[n][];
            int base = batch.length / n;
            int extra = batch.length % n;
            for (int k = 0; k < n; k++) {
                // target (first + k) % n gets elements k, k + n, k + 2n, ...
                parts[(first + k) % n] = new Object[base + (k < extra ? 1 : 0)];
            }
            for (int i = 0; i < batch.length; i++) {
                parts[(first + i) % n][i / n] = batch[i];
            }
            for (int t = 0; t < n; t++) {
                if (parts[t].length > 0) {
                    channels[t].offer(parts[t]);
                }
            }
        }

        private void demux(Object[] batch) {
            int n = channels.length;
            int[] counts = new int[n];
            int[] targets = new int[batch.length];
            for (int i = 0; i < batch.length; i++) {
                int t = targetOf(batch[i], n, consumer);
                targets[i] = t;
                counts[t]++;
            }
            Object[][] parts = new Object[n][];
            for (int t = 0; t < n; t++) {
                parts[t] = new Object[counts[t]];
                counts[t] = 0;
            }
            for (int i = 0; i < batch.length; i++) {
                int t = targets[i];
                parts[t][counts[t]++] = ((KV<?, ?>) batch[i]).value();
            }
            for (int t = 0; t < n; t++) {
                if (parts[t].length > 0) {
                    channels[t].offer(parts[t]);
                }
            }
        }

        private static int targetOf(Object element, int n, Origin origin) {
            if (!(element instanceof KV<?, ?> kv) || !(kv.key() instanceof MemberId<?> id)) {
                throw new RoutingException(origin + ": element " + element + " is not a KV<MemberId, value>; "
                        + "demux sends each KV(memberId, value) to the member it names");
            }
            if (id.raw() >= n) {
                throw new RoutingException(origin + ": element " + element + " names member " + id.raw()
                        + ", but the target cluster has members 0.." + (n - 1));
            }
            return id.raw();
        }
    }
}
