package io.sluice.testkit.sim;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.ir.Origin;
import io.sluice.plan.EdgeKind;
import io.sluice.runtime.logic.Emitter;
import io.sluice.runtime.logic.NullElementException;
import java.time.Instant;
import java.util.List;

/**
 * The output side of a simulated operator: routes each emitted element along every out-edge as
 * the runtime's {@code Outlet} does (round robin by element index over member ids, broadcast,
 * demux by the {@code MemberId} key, to the process), into each channel's buffer; a flush hands
 * the buffers to the engine. The time operators' {@link Instant}s are replaced with virtual ones.
 */
final class SimOutlet implements Emitter {

    /** One out-edge: its routing and one channel per target member. */
    static final class Edge {
        final EdgeKind kind;
        final Channel[] channels;
        final Origin consumer;
        private int next;

        Edge(EdgeKind kind, Channel[] channels, Origin consumer) {
            this.kind = kind;
            this.channels = channels;
            this.consumer = consumer;
        }

        /** Round robin: the next target in turn whose member has not crashed (or the next one, if all have). */
        int nextTarget() {
            int n = channels.length;
            for (int tries = 0; tries < n; tries++) {
                int t = next;
                next = (next + 1) % n;
                if (!channels[t].gone) {
                    return t;
                }
            }
            return next;
        }
    }

    private final Engine engine;
    private final Origin origin;
    private final Edge[] edges;
    private final boolean virtualInstants;
    /** While not null, emitted elements are also recorded here (for the trace of a tick's opening). */
    private List<Object> capture;

    SimOutlet(Engine engine, Origin origin, Edge[] edges, boolean virtualInstants) {
        this.engine = engine;
        this.origin = origin;
        this.edges = edges;
        this.virtualInstants = virtualInstants;
    }

    void capture(List<Object> into) {
        capture = into;
    }

    @Override
    public void emit(Object element) {
        if (element == null) {
            throw new NullElementException(origin);
        }
        Object e = virtualInstants && element instanceof Instant ? engine.instant() : element;
        if (capture != null) {
            capture.add(e);
        }
        for (Edge edge : edges) {
            switch (edge.kind) {
                case LOCAL, TO_PROCESS -> edge.channels[0].buffer.add(e);
                case ROUND_ROBIN -> edge.channels[edge.nextTarget()].buffer.add(e);
                case BROADCAST -> {
                    for (Channel c : edge.channels) {
                        c.buffer.add(e);
                    }
                }
                case DEMUX -> edge.channels[targetOf(e, edge)].buffer.add(((KV<?, ?>) e).value());
            }
        }
    }

    @Override
    public void emitAll(Object[] elements) {
        for (Object e : elements) {
            emit(e);
        }
    }

    @Override
    public void flush() {
        for (Edge edge : edges) {
            for (Channel c : edge.channels) {
                if (!c.buffer.isEmpty()) {
                    engine.send(c, c.buffer.toArray(), false);
                    c.buffer.clear();
                }
            }
        }
    }

    /** Closes the current tick on every channel: what is buffered goes out as the tick's last batch. */
    void endTick() {
        for (Edge edge : edges) {
            for (Channel c : edge.channels) {
                engine.send(c, c.buffer.toArray(), true);
                c.buffer.clear();
            }
        }
    }

    /** Ends every channel after what was emitted so far. */
    void end() {
        flush();
        for (Edge edge : edges) {
            for (Channel c : edge.channels) {
                engine.sendEnd(c);
            }
        }
    }

    private static int targetOf(Object element, Edge edge) {
        int n = edge.channels.length;
        if (!(element instanceof KV<?, ?> kv) || !(kv.key() instanceof MemberId<?> id)) {
            throw new IllegalArgumentException(edge.consumer + ": element " + element + " is not a KV<MemberId, value>; "
                    + "demux sends each KV(memberId, value) to the member it names");
        }
        if (id.raw() >= n) {
            throw new IllegalArgumentException(edge.consumer + ": element " + element + " names member " + id.raw()
                    + ", but the target cluster has members 0.." + (n - 1));
        }
        return id.raw();
    }
}
