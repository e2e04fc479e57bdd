package io.sluice.runtime.node;

import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.scaladsl.Framing;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * The first stage of every inbound Artery connection of a guarded node, in front of Pekko's
 * {@code TcpFraming}: it passes the connection's bytes on unchanged while they are Artery framing
 * ({@link ArteryFrameChecker}), and fails the connection's stream, which closes the connection,
 * as soon as they are not, or when the connection header and a first whole frame have not
 * arrived within the handshake timeout (counted from the accept, so a TLS handshake that never
 * ends is covered too). A chunk with a bad header is never passed on, so Pekko never parses it.
 */
final class InboundGuardStage extends GraphStage<FlowShape<ByteString, ByteString>> {

    private static final String HANDSHAKE = "handshake";

    private final Inlet<ByteString> in = Inlet.create("InboundGuard.in");
    private final Outlet<ByteString> out = Outlet.create("InboundGuard.out");
    private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
    private final InboundGuard guard;

    InboundGuardStage(InboundGuard guard) {
        this.guard = guard;
    }

    @Override
    public FlowShape<ByteString, ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new TimerGraphStageLogic(shape) {
            private final ArteryFrameChecker checker = guard.newChecker();

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        ByteString chunk = grab(in);
                        Optional<String> problem = checker.accept(chunk);
                        if (problem.isPresent()) {
                            refuse("malformed Artery frame: " + problem.get());
                            return;
                        }
                        if (checker.firstFrameComplete()) {
                            cancelTimer(HANDSHAKE);
                        }
                        push(out, chunk);
                    }
                });
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        pull(in);
                    }
                });
            }

            @Override
            public void preStart() {
                Duration timeout = guard.settings().handshakeTimeout();
                scheduleOnce(HANDSHAKE, timeout);
            }

            @Override
            public void onTimer(Object timerKey) {
                if (!checker.firstFrameComplete()) {
                    refuse("no Artery connection header and frame within " + guard.settings().handshakeTimeout().toMillis()
                            + " ms (sluice.inbound-guard.handshake-timeout)");
                }
            }

            private void refuse(String why) {
                guard.closed(why);
                failStage(new Framing.FramingException("Sluice's inbound guard closed the connection: " + why));
            }
        };
    }
}
