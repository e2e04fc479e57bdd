package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.dataflow.ir.Node;
import io.sluice.runtime.logic.StreamSourceLogicTest.HandPublisher;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * An external port's operators: the port's endpoint lives as long as the operator, or, in a flow
 * that can restart, as long as the member, so that its clients stay connected across restarts.
 */
class ExternalLogicTest {

    static final class P {
    }

    static final class C {
    }

    /** Endpoints that count what is opened and released. */
    static final class CountingEndpoints implements ExternalEndpoints {
        final HandPublisher requests = new HandPublisher();
        int opened;
        int released;

        @Override
        public Endpoint open(ExternalBinding binding) {
            opened++;
            return new Endpoint() {
                @Override
                public Flow.Publisher<Object> requests() {
                    return requests;
                }

                @Override
                public Flow.Publisher<Object> connections() {
                    return new HandPublisher();
                }

                @Override
                public Flow.Subscriber<Object> replies(boolean broadcast) {
                    return new Replies(broadcast) {
                        @Override
                        protected void toAll(Object reply) {
                        }

                        @Override
                        protected void toClient(io.sluice.dataflow.ClientId id, Object reply) {
                        }
                    };
                }

                @Override
                public void release() {
                    released++;
                }
            };
        }
    }

    private final Node.ExternalSource source;
    private final Node.ExternalSink sink;
    private final CountingEndpoints endpoints = new CountingEndpoints();

    ExternalLogicTest() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        External<C> clients = flow.external(C.class);
        ExternalPort<String, String, P> port = p.bidiExternalMany(clients, String.class, String.class);
        port.reply(port.requests().entries().intoKeyed());
        FlowGraph graph = flow.build();
        source = graph.nodes().stream().filter(Node.ExternalSource.class::isInstance).map(Node.ExternalSource.class::cast)
                .filter(s -> !s.connections()).findFirst().orElseThrow();
        sink = graph.nodes().stream().filter(Node.ExternalSink.class::isInstance).map(Node.ExternalSink.class::cast)
                .findFirst().orElseThrow();
    }

    @Test
    void withoutRestartsEachOperatorOpensThePortAndReleasesItWhenItStops() {
        OperatorLogic requests = ExternalLogic.source(source, endpoints, MemberFeeds.NONE);
        OperatorLogic replies = ExternalLogic.sink(sink, endpoints, MemberFeeds.NONE);
        assertEquals(2, endpoints.opened);
        requests.onStop();
        replies.onStop();
        replies.onStop();
        assertEquals(2, endpoints.released, "each released once");
    }

    @Test
    void inAFlowThatRestartsTheMemberKeepsThePortOpenAndSubscribedAcrossIncarnations() {
        MemberFeeds feeds = MemberFeeds.replaying(100, false);
        for (int incarnation = 0; incarnation < 3; incarnation++) {
            OperatorLogic requests = ExternalLogic.source(source, endpoints, feeds);
            OperatorLogic replies = ExternalLogic.sink(sink, endpoints, feeds);
            replies.onWired();
            requests.onStart(new SourceReplayTest.Collected(), () -> { });
            replies.onStart(new SourceReplayTest.Collected(), () -> { });
            requests.onStop();
            replies.onStop();
        }
        assertEquals(1, endpoints.opened, "opened once for the member");
        assertEquals(0, endpoints.released, "still open between incarnations");
        assertEquals(1, endpoints.requests.subscriptions.get(), "the requests are subscribed to once");
        feeds.close();
        assertEquals(1, endpoints.released, "released when the member stops");
        assertTrue(endpoints.requests.cancelled.get(), "and the requests' subscription cancelled");
    }
}
