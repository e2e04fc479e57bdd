package io.sluice.runtime.channel;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.ir.Origin;
import io.sluice.plan.EdgeKind;
import io.sluice.runtime.logic.Emitter;
import io.sluice.runtime.logic.NullElementException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The output side of an operator: collects emitted elements into batches of at most
 * {@code maxBatch} and routes them along each out-edge, to that edge's channels. A batch is cut
 * when it is full or when the operator finishes handling its input: whatever is ready goes out
 * at once.
 *
 * <p>Edges that pass whole batches on (local, to a process, broadcast) share one buffer. Edges
 * that split the stream over their targets (round robin, demux) put each element straight into
 * a buffer per target, so that every target gets batches of up to {@code maxBatch} elements
 * rather than a share of each batch; {@link #pullSize()} tells a source how much to read for
 * that.
 *
 * <p>When a member of a cluster leaves the flow early, its channels are abandoned
 * ({@link #abandon}): round robin goes on over the remaining members, broadcast skips it, and
 * what is demuxed or sent to it is dropped and counted ({@link #dropped}).
 */
public final class Outlet implements Emitter {

    private final Origin origin;
    private final OutEdge[] edges;
    /** The edges that take whole batches from {@link #buffer}. */
    private final OutEdge[] whole;
    /** The edges that split elements over per-target buffers. */
    private final OutEdge[] split;
    private final int maxBatch;
    private Object[] buffer;
    private int size;

    public Outlet(Origin origin, OutEdge[] edges, int maxBatch) {
        this.origin = origin;
        this.edges = edges;
        this.maxBatch = maxBatch;
        this.whole = Arrays.stream(edges).filter(e -> !e.splits()).toArray(OutEdge[]::new);
        this.split = Arrays.stream(edges).filter(OutEdge::splits).toArray(OutEdge[]::new);
        for (OutEdge e : split) {
            e.buffers(maxBatch);
        }
        this.buffer = whole.length == 0 ? null : new Object[maxBatch];
    }

    /**
     * How many elements a source reads for one round of output: enough for a full batch to every
     * target of its widest splitting edge.
     */
    public int pullSize() {
        int fanOut = 1;
        for (OutEdge e : split) {
            fanOut = Math.max(fanOut, e.channels.length);
        }
        return (int) Math.min(Integer.MAX_VALUE / 2, (long) maxBatch * fanOut);
    }

    @Override
    public void emit(Object element) {
        if (element == null) {
            throw new NullElementException(origin);
        }
        if (buffer != null) {
            buffer[size++] = element;
            if (size == maxBatch) {
                flushWhole();
            }
        }
        for (OutEdge e : split) {
            e.add(element);
        }
    }

    @Override
    public void emitAll(Object[] elements) {
        if (buffer != null) {
            if (size == 0 && elements.length <= maxBatch) {
                for (OutEdge e : whole) {
                    e.route(elements);
                }
            } else {
                for (Object e : elements) {
                    buffer[size++] = e;
                    if (size == maxBatch) {
                        flushWhole();
                    }
                }
            }
        }
        for (OutEdge edge : split) {
            for (Object e : elements) {
                edge.add(e);
            }
        }
    }

    /** Sends everything buffered, as one batch per buffer. */
    @Override
    public void flush() {
        flushWhole();
        for (OutEdge e : split) {
            e.flush();
        }
    }

    private void flushWhole() {
        if (size == 0) {
            return;
        }
        Object[] batch = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        if (batch == buffer) {
            buffer = new Object[maxBatch];
        }
        size = 0;
        for (OutEdge e : whole) {
            e.route(batch);
        }
    }

    /**
     * Closes the current tick on every out-edge: what is buffered goes out as the tick's last
     * batch, marked as such (an empty marked batch when nothing is buffered). Only for operators
     * inside a tick, whose out-edges are all local.
     */
    public void endTick() {
        Object[] batch = buffer == null ? new Object[0] : Arrays.copyOf(buffer, size);
        size = 0;
        for (OutEdge edge : whole) {
            for (OutChannel c : edge.channels) {
                c.offer(batch, true);
            }
        }
    }

    /**
     * Sends what is buffered, then snapshot {@code snapshot}'s barrier on every channel, after
     * everything emitted so far.
     */
    public void barrier(long snapshot) {
        flush();
        for (OutEdge edge : edges) {
            for (OutChannel c : edge.channels) {
                c.offerBarrier(snapshot);
            }
        }
    }

    /** Whether nothing waits for credit on any channel. */
    public boolean isIdle() {
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
    public void requestEnd() {
        flush();
        for (OutEdge edge : edges) {
            for (OutChannel c : edge.channels) {
                c.requestEnd();
            }
        }
    }

    /** Whether every channel has ended and had all its batches acknowledged. */
    public boolean isDrained() {
        for (OutEdge edge : edges) {
            for (OutChannel c : edge.channels) {
                if (!c.isDrained()) {
                    return false;
                }
            }
        }
        return true;
    }

    public void onAck(int edge, int target, long seq) {
        edges[edge].channels[target].onAck(seq);
    }

    /** Whether {@code edge} and {@code target} name one of this outlet's channels: an ack from the network is checked first. */
    public boolean hasChannel(int edge, int target) {
        return edge >= 0 && edge < edges.length && target >= 0 && target < edges[edge].channels.length;
    }

    /**
     * Member {@code member} of cluster location {@code location} left the flow: abandons every
     * network channel to it. Returns how many elements it had not acknowledged.
     */
    public long abandon(int location, int member) {
        long unacknowledged = 0;
        for (OutEdge edge : edges) {
            if (edge.consumerLocation == location && edge.kind != EdgeKind.LOCAL) {
                unacknowledged += edge.channels[member].abandon();
                edge.leave(member);
            }
        }
        return unacknowledged;
    }

    /** How many batches were offered on out-edge {@code edge}, to the targets that have not left. */
    public long offeredOn(int edge) {
        long offered = 0;
        for (OutChannel c : edges[edge].channels) {
            if (!c.isGone()) {
                offered += c.assigned();
            }
        }
        return offered;
    }

    /** How many elements were addressed to members after they left, and dropped, in all. */
    public long dropped() {
        long dropped = 0;
        for (OutEdge edge : edges) {
            for (OutChannel c : edge.channels) {
                dropped += c.dropped();
            }
        }
        return dropped;
    }

    /** An element the network operator of an edge cannot route: a user mistake, reported as the edge's. */
    public static final class RoutingException extends IllegalArgumentException {
        RoutingException(String message) {
            super(message);
        }
    }

    /**
     * One out-edge: its routing, the consumer it feeds (its location, and its origin for
     * messages), and one channel per target.
     */
    public static final class OutEdge {
        private final EdgeKind kind;
        private final int consumerLocation;
        private final Origin consumer;
        private final OutChannel[] channels;
        /** Splitting edges: one buffer per target, allocated when first used. */
        private Object[][] buffers;
        private int[] sizes;
        private int maxBatch;
        private final boolean roundRobin;
        /**
         * Round robin: the targets in turn ({@code 0 .. n-1} until one leaves, see {@link #leave})
         * and the index in it of the next element's target: element {@code i} goes to target
         * {@code i mod n} while every target is in the flow.
         */
        private int[] turn;
        private int at;

        public OutEdge(EdgeKind kind, int consumerLocation, Origin consumer, OutChannel[] channels) {
            this.kind = kind;
            this.consumerLocation = consumerLocation;
            this.consumer = consumer;
            this.channels = channels;
            this.roundRobin = kind == EdgeKind.ROUND_ROBIN;
            this.turn = IntStream.range(0, channels.length).toArray();
        }

        /** Whether elements are split over the targets rather than whole batches passed on. */
        boolean splits() {
            return (kind == EdgeKind.ROUND_ROBIN && channels.length > 1) || kind == EdgeKind.DEMUX;
        }

        private void buffers(int maxBatch) {
            this.maxBatch = maxBatch;
            this.buffers = new Object[channels.length][];
            this.sizes = new int[channels.length];
        }

        /** A whole batch (non-splitting edges). */
        void route(Object[] batch) {
            switch (kind) {
                case LOCAL, TO_PROCESS, ROUND_ROBIN -> channels[0].offer(batch);
                case BROADCAST -> broadcast(batch);
                default -> throw new IllegalStateException("edge kind " + kind + " splits batches");
            }
        }

        /** One element (splitting edges). */
        void add(Object element) {
            if (roundRobin) {
                int[] order = turn;
                int at = this.at;
                put(order[at], element);
                this.at = at + 1 == order.length ? 0 : at + 1;
            } else {
                put(targetOf(element, channels.length, consumer), ((KV<?, ?>) element).value());
            }
        }

        /**
         * Target {@code target} left. Round robin goes on over the targets that have not left,
         * in order (every target once all have left, whose elements are then dropped and
         * counted), from the first of them at or after the target that was next; what was
         * buffered for the departed target and not sent yet is dealt to the others.
         */
        private void leave(int target) {
            if (!roundRobin || buffers == null) {
                return;
            }
            int next = turn[at];
            int[] live = IntStream.range(0, channels.length).filter(t -> !channels[t].isGone()).toArray();
            turn = live.length == 0 ? IntStream.range(0, channels.length).toArray() : live;
            at = 0;
            for (int i = 0; i < turn.length; i++) {
                if (turn[i] >= next) {
                    at = i;
                    break;
                }
            }
            Object[] unsent = buffers[target];
            int count = sizes[target];
            if (live.length > 0 && count > 0) {
                buffers[target] = null;
                sizes[target] = 0;
                for (int i = 0; i < count; i++) {
                    add(unsent[i]);
                }
            }
        }

        private void put(int target, Object element) {
            Object[] b = buffers[target];
            if (b == null) {
                b = buffers[target] = new Object[maxBatch];
            }
            int size = sizes[target];
            b[size++] = element;
            if (size == maxBatch) {
                buffers[target] = null;
                sizes[target] = 0;
                channels[target].offer(b);
            } else {
                sizes[target] = size;
            }
        }

        /** Sends every target's buffered elements. */
        public void flush() {
            for (int t = 0; t < buffers.length; t++) {
                int n = sizes[t];
                if (n > 0) {
                    Object[] batch = Arrays.copyOf(buffers[t], n);
                    sizes[t] = 0;
                    channels[t].offer(batch);
                }
            }
        }

        private void broadcast(Object[] batch) {
            byte[][] encoded = null;
            for (OutChannel c : channels) {
                if (c.isGone()) {
                    continue;
                }
                if (c.isRemote()) {
                    if (encoded == null) {
                        encoded = c.encode(batch);
                    }
                    c.offerEncoded(encoded);
                } else {
                    c.offer(batch);
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
