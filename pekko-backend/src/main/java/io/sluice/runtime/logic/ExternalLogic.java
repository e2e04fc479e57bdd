package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import java.time.Duration;
import java.util.Optional;

/**
 * The logic of an external port's node: the run-time source or sink logic of the port's
 * publisher or subscriber ({@link StreamSourceLogic}, {@link DestSinkLogic}), which it runs
 * unchanged, plus the release of the port's endpoint when the operator stops.
 */
final class ExternalLogic implements OperatorLogic {

    private final OperatorLogic inner;
    private final ExternalEndpoints.Endpoint endpoint;
    private boolean released;

    private ExternalLogic(OperatorLogic inner, ExternalEndpoints.Endpoint endpoint) {
        this.inner = inner;
        this.endpoint = endpoint;
    }

    static OperatorLogic source(Node.ExternalSource node, ExternalEndpoints endpoints) {
        ExternalEndpoints.Endpoint endpoint = endpoints.open(node.binding());
        Node.SourceStream stream = new Node.SourceStream(node.id(), node.location(), node.origin(),
                node.connections() ? endpoint.connections() : endpoint.requests());
        return new ExternalLogic(new StreamSourceLogic(stream), endpoint);
    }

    static OperatorLogic sink(Node.ExternalSink node, ExternalEndpoints endpoints) {
        ExternalEndpoints.Endpoint endpoint = endpoints.open(node.binding());
        Node.DestSink sink = new Node.DestSink(node.id(), node.location(), node.origin(), node.input(),
                endpoint.replies(node.broadcast()));
        return new ExternalLogic(new DestSinkLogic(sink), endpoint);
    }

    @Override
    public void onStop() {
        try {
            inner.onStop();
        } finally {
            if (!released) {
                released = true;
                endpoint.release();
            }
        }
    }

    // ----- the rest is the inner logic's -----

    @Override
    public void onBatch(int port, int sender, Object[] elements, Emitter out) {
        inner.onBatch(port, sender, elements, out);
    }

    @Override
    public void onStart(Emitter out) {
        inner.onStart(out);
    }

    @Override
    public void onTickEnd(Emitter out) {
        inner.onTickEnd(out);
    }

    @Override
    public void onOpenTick(Emitter out) {
        inner.onOpenTick(out);
    }

    @Override
    public boolean hasPending() {
        return inner.hasPending();
    }

    @Override
    public boolean retainsInput() {
        return inner.retainsInput();
    }

    @Override
    public Optional<Duration> timerPeriod() {
        return inner.timerPeriod();
    }

    @Override
    public void onTimer(Emitter out) {
        inner.onTimer(out);
    }

    @Override
    public void onComplete(Emitter out) {
        inner.onComplete(out);
    }

    @Override
    public boolean isQuiet() {
        return inner.isQuiet();
    }

    @Override
    public void onMemberLeft(int location, int member, Emitter out) {
        inner.onMemberLeft(location, member, out);
    }

    @Override
    public void onClusterSettled(int location) {
        inner.onClusterSettled(location);
    }

    @Override
    public boolean isExhausted() {
        return inner.isExhausted();
    }

    @Override
    public boolean isPulled() {
        return inner.isPulled();
    }

    @Override
    public void pull(Emitter out, int max) {
        inner.pull(out, max);
    }

    @Override
    public void onStart(Emitter out, Runnable wake) {
        inner.onStart(out, wake);
    }

    @Override
    public void onWake(Emitter out) {
        inner.onWake(out);
    }

    @Override
    public boolean isReady() {
        return inner.isReady();
    }

    @Override
    public boolean holdsEnd() {
        return inner.holdsEnd();
    }

    @Override
    public void onFlowFailed(String reason) {
        inner.onFlowFailed(reason);
    }
}
