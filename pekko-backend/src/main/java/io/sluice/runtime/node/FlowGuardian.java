package io.sluice.runtime.node;

import io.sluice.plan.MemberKey;
import io.sluice.runtime.actor.Coordinator;
import io.sluice.runtime.actor.CoordinatorMessage;
import io.sluice.runtime.actor.FlowEvent;
import io.sluice.runtime.actor.FlowRuntime;
import io.sluice.runtime.actor.MemberActor;
import io.sluice.runtime.actor.MemberMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The one actor under which a flow lives on an ActorSystem that an application owns: its members
 * there and, on the system chosen for it, the flow's coordinator and the listener that follows
 * the flow. Stopping the guardian stops all of them and nothing else; so does the end of the
 * coordinator, wherever it runs. A system actor ({@code /system/sluice-flow-<n>}), out of the
 * application's own actor tree.
 */
final class FlowGuardian {

    /** What a guardian is told. Local only: it never crosses the network. */
    sealed interface Command {
    }

    /** Stop the flow's actors on this system. */
    record Stop() implements Command {
    }

    private record Wake() implements Command {
    }

    private record CoordinatorGone() implements Command {
    }

    /** The coordinator's guardian: where it lives, and who follows the flow. */
    record Leading(FlowWatch watch, CompletableFuture<ActorRef<CoordinatorMessage>> coordinator) {
    }

    private FlowGuardian() {
    }

    /**
     * A guardian hosting {@code members}. With {@code leading}, it also starts the coordinator and
     * publishes its ref; otherwise it joins {@code coordinator}, and stops when that is gone.
     *
     * @param terminated completed when the guardian and every actor under it have stopped
     */
    static Behavior<Command> create(FlowRuntime runtime, List<MemberKey> members, Optional<Leading> leading,
                                    Optional<ActorRef<CoordinatorMessage>> coordinator,
                                    CompletableFuture<Void> terminated) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ActorRef<CoordinatorMessage> coordinatorRef;
            if (leading.isPresent()) {
                coordinatorRef = ctx.spawn(Coordinator.create(runtime, (key, message) -> {
                    throw new IllegalStateException("members on the application's systems do not restart");
                }), "coordinator");
                ActorRef<FlowEvent> listener = ctx.spawn(FlowListener.create(leading.get().watch(), () -> { }),
                        "listener");
                coordinatorRef.tell(new CoordinatorMessage.Subscribe(listener));
                leading.get().coordinator().complete(coordinatorRef);
            } else {
                coordinatorRef = coordinator.orElseThrow();
            }
            ctx.watchWith(coordinatorRef, new CoordinatorGone());
            List<ActorRef<MemberMessage>> hosted = new ArrayList<>();
            for (MemberKey m : members) {
                hosted.add(ctx.spawn(MemberActor.create(runtime, m), "member-" + m.location() + "-" + m.member()));
            }
            // Members answer every wake by announcing themselves again: re-sent, as on Sluice's
            // own nodes, so that a first announcement lost while a connection forms is not fatal.
            timers.startTimerWithFixedDelay(new Wake(), runtime.settings().wakeInterval());
            ctx.getSelf().tell(new Wake());
            return Behaviors.receive(Command.class)
                    .onMessage(Wake.class, w -> {
                        hosted.forEach(m -> m.tell(MemberMessage.Wake.fromBeginning(coordinatorRef, 0)));
                        return Behaviors.same();
                    })
                    .onMessage(Stop.class, s -> Behaviors.stopped())
                    .onMessage(CoordinatorGone.class, g -> Behaviors.stopped())
                    .onSignal(PostStop.class, s -> {
                        terminated.complete(null);
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
