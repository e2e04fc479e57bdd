package io.sluice.runtime.node;

import io.sluice.dataflow.FlowFailedException;
import io.sluice.runtime.actor.FlowEvent;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * An actor that turns the coordinator's {@link FlowEvent}s into the futures of a
 * {@link FlowWatch}; {@code onCompleted} runs before the completion is published.
 */
final class FlowListener {

    private FlowListener() {
    }

    static Behavior<FlowEvent> create(FlowWatch watch, Runnable onCompleted) {
        return create(watch, onCompleted, r -> { });
    }

    /** As above; {@code onRestart} also hears of every restart, after it is in the watch. */
    static Behavior<FlowEvent> create(FlowWatch watch, Runnable onCompleted,
                                      Consumer<FlowEvent.MemberRestarted> onRestart) {
        return Behaviors.receive(FlowEvent.class)
                .onMessage(FlowEvent.MemberRestarted.class, r -> {
                    watch.restarts().add(r);
                    onRestart.accept(r);
                    return Behaviors.same();
                })
                .onMessage(FlowEvent.Deployed.class, e -> {
                    watch.deployed().complete(null);
                    return Behaviors.same();
                })
                .onMessage(FlowEvent.Completed.class, e -> {
                    onCompleted.run();
                    watch.completed().complete(null);
                    return Behaviors.same();
                })
                .onMessage(FlowEvent.Failed.class, e -> {
                    FlowFailedException failure = new FlowFailedException(e.reason());
                    watch.deployed().completeExceptionally(failure);
                    watch.completed().completeExceptionally(failure);
                    return Behaviors.same();
                })
                .build();
    }
}
