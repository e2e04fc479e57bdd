package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.dataflow.ir.Node;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The logic of an external port's nodes: the run-time source or sink logic
 * ({@link StreamSourceLogic}, {@link DestSinkLogic}) of the port's publishers and subscriber,
 * unchanged but for when the port closes. In a flow that can restart, the member keeps the port's endpoint open across
 * restarts ({@link MemberFeeds#endpoint}), as it keeps its run-time sources' feeds: the clients
 * stay connected, and the requests read since the last complete snapshot are replayed from the
 * requests' feed. Replies go out at once, as in a flow that cannot restart, so after a restart
 * those to the replayed requests are sent again. Otherwise the operator opens the endpoint and
 * releases it when it stops.
 */
final class ExternalLogic {

    private ExternalLogic() {
    }

    static OperatorLogic source(Node.ExternalSource node, ExternalEndpoints endpoints, MemberFeeds feeds) {
        ExternalEndpoints.Endpoint endpoint = open(node.binding(), endpoints, feeds);
        Node.SourceStream stream = new Node.SourceStream(node.id(), node.location(), node.origin(),
                node.connections() ? endpoint.connections() : endpoint.requests());
        return new StreamSourceLogic(stream, feeds, releaseOnStop(endpoint, feeds));
    }

    static OperatorLogic sink(Node.ExternalSink node, ExternalEndpoints endpoints, MemberFeeds feeds) {
        ExternalEndpoints.Endpoint endpoint = open(node.binding(), endpoints, feeds);
        Node.DestSink sink = new Node.DestSink(node.id(), node.location(), node.origin(), node.input(),
                endpoint.replies(node.broadcast()));
        // Replies go out as they come, also in a flow that restarts: held until a snapshot covered
        // them, they would wait a snapshot interval, and clients want answers now. After a restart
        // the replies to the requests replayed are sent again (at least once; see guarantees.md).
        return new DestSinkLogic(sink, MemberFeeds.NONE, releaseOnStop(endpoint, feeds));
    }

    private static ExternalEndpoints.Endpoint open(ExternalBinding binding, ExternalEndpoints endpoints,
                                                   MemberFeeds feeds) {
        return feeds.replays() ? feeds.endpoint(binding, endpoints) : endpoints.open(binding);
    }

    /** What the operator does with the endpoint when it stops: release it once, unless the member keeps it. */
    private static Runnable releaseOnStop(ExternalEndpoints.Endpoint endpoint, MemberFeeds feeds) {
        if (feeds.replays()) {
            return () -> { };
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                endpoint.release();
            }
        };
    }
}
