package io.sluice.runtime.actor;

import io.sluice.runtime.wire.OperatorMessage;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The clock of one tick on one member. It runs one tick at a time:
 *
 * <ol>
 *   <li>An entry that received data for the tick ({@code batch}, {@code snapshot}) announces it.</li>
 *   <li>When no tick is running and something was announced, the clock opens tick {@code k}: it
 *       tells every entry, including {@code defer}s, which emit what enters tick {@code k} and then
 *       a tick marker on each out-channel.</li>
 *   <li>Every operator of the tick handles its input up to the marker on each of its ports (so it
 *       has seen exactly tick {@code k}'s batch), emits its tick result, and passes the marker on.
 *       The tick's terminals (sinks, {@code allTicks}/{@code latest}, the inputs of
 *       {@code defer}s) report the tick done instead.</li>
 *   <li>Once every terminal has, tick {@code k} is over and the next may open.</li>
 * </ol>
 *
 * Tick boundaries thus travel in order with the data, as barriers do in Flink, and a tick never
 * mixes two batches: no entry emits for tick {@code k + 1} before every operator has finished
 * tick {@code k}. When every feeding entry's input has ended and nothing is pending, the clock
 * stops the entries, which end their channels, and the tick's operators complete in turn.
 *
 * <p>A report that breaks this protocol (a tick done twice, or while none runs) is a bug in the
 * runtime: the clock reports it to its member, which fails the flow, and stops.
 */
public final class TickClock extends AbstractBehavior<TickClock.Message> {

    /** What entries and terminals of the tick tell the clock. */
    sealed interface Message {
    }

    /** From an entry: it holds data for the next tick. */
    record Announce() implements Message {
    }

    /** From a feeding entry: its input has ended. */
    record EntryEnded() implements Message {
    }

    /** From a terminal: it has finished tick {@code tick}. */
    record TickDone(long tick) implements Message {
    }

    private final int tick;
    private final ActorRef<MemberMessage> member;
    private final int incarnation;
    private final List<ActorRef<OperatorMessage>> entries;
    private final int feeders;
    private final int terminals;
    private long current;
    private boolean running;
    private boolean pending;
    private int ended;
    private int done;

    private TickClock(ActorContext<Message> context, int tick, List<ActorRef<OperatorMessage>> entries, int feeders,
                      int terminals, ActorRef<MemberMessage> member, int incarnation) {
        super(context);
        this.tick = tick;
        this.member = member;
        this.incarnation = incarnation;
        this.entries = List.copyOf(entries);
        this.feeders = feeders;
        this.terminals = terminals;
    }

    /**
     * A clock for tick {@code tick} with these entries, of which {@code feeders} are fed from
     * outside the tick, and {@code terminals} operators that report each tick done; it reports a
     * failure to {@code member}, as its incarnation {@code incarnation}.
     */
    static Behavior<Message> create(int tick, List<ActorRef<OperatorMessage>> entries, int feeders, int terminals,
                                    ActorRef<MemberMessage> member, int incarnation) {
        return Behaviors.setup(ctx -> new TickClock(ctx, tick, entries, feeders, terminals, member, incarnation));
    }

    @Override
    public Receive<Message> createReceive() {
        return newReceiveBuilder()
                .onMessage(Announce.class, a -> {
                    pending = true;
                    return advance();
                })
                .onMessage(EntryEnded.class, e -> {
                    ended++;
                    return advance();
                })
                .onMessage(TickDone.class, d -> {
                    if (d.tick() != current || !running) {
                        member.tell(new MemberMessage.ClockFailed(incarnation, tick, "tick " + d.tick() + " was reported done while"
                                + " tick " + current + (running ? " runs" : " is over")));
                        return Behaviors.stopped();
                    }
                    if (++done == terminals) {
                        running = false;
                    }
                    return advance();
                })
                .build();
    }

    private Behavior<Message> advance() {
        if (running) {
            return this;
        }
        if (pending) {
            pending = false;
            running = true;
            done = 0;
            current++;
            entries.forEach(e -> e.tell(new OperatorControl.OpenTick()));
            running = terminals > 0;
            return this;
        }
        if (ended == feeders) {
            entries.forEach(e -> e.tell(new OperatorControl.StopTicks()));
            return Behaviors.stopped();
        }
        return this;
    }
}
