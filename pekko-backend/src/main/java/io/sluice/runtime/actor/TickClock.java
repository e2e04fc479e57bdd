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
 * <p>Snapshots cut the tick between two ticks. A feeding entry that has the barrier of a snapshot
 * on every live input tells the clock and holds what comes after it; the entries keep emitting
 * what came before it, tick by tick. Once every feeding entry has told and no tick runs, the
 * clock tells every operator of the tick to record its state: nothing after the barrier has
 * entered the tick, and everything before it is in the entries, the operators' state (a
 * {@code persist}, a {@code defer}'s next batch) or already out of the tick's exits, which send
 * the barrier on. The feeding entries then let their held input in, and ticks go on. The clock
 * itself restarts from tick 0 after a restore, as do its terminals' counts.
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

    /** From a feeding entry: the barrier of {@code snapshot} came on every one of its live inputs. */
    record BarrierReached(long snapshot) implements Message {
    }

    private final int tick;
    private final ActorRef<MemberMessage> member;
    private final int incarnation;
    private final List<ActorRef<OperatorMessage>> entries;
    /** Every operator of the tick, entries included: what a snapshot cuts. */
    private final List<ActorRef<OperatorMessage>> operators;
    private final int feeders;
    private final int terminals;
    private long current;
    private boolean running;
    private boolean pending;
    private int ended;
    private int done;
    /** The snapshot whose barrier feeding entries are reporting, and how many have. */
    private long cutting;
    private int reached;
    /** The latest snapshot cut. */
    private long cut;

    private TickClock(ActorContext<Message> context, int tick, List<ActorRef<OperatorMessage>> entries,
                      List<ActorRef<OperatorMessage>> operators, int feeders, int terminals,
                      ActorRef<MemberMessage> member, int incarnation) {
        super(context);
        this.tick = tick;
        this.member = member;
        this.incarnation = incarnation;
        this.entries = List.copyOf(entries);
        this.operators = List.copyOf(operators);
        this.feeders = feeders;
        this.terminals = terminals;
    }

    /**
     * A clock for tick {@code tick} with these entries, of which {@code feeders} are fed from
     * outside the tick, {@code terminals} operators that report each tick done, and
     * {@code operators}, all the tick's operators; it reports a failure to {@code member}, as its
     * incarnation {@code incarnation}.
     */
    static Behavior<Message> create(int tick, List<ActorRef<OperatorMessage>> entries,
                                    List<ActorRef<OperatorMessage>> operators, int feeders, int terminals,
                                    ActorRef<MemberMessage> member, int incarnation) {
        return Behaviors.setup(ctx -> new TickClock(ctx, tick, entries, operators, feeders, terminals, member,
                incarnation));
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
                .onMessage(BarrierReached.class, r -> {
                    if (r.snapshot() > cutting) {
                        cutting = r.snapshot();
                        reached = 0;
                    }
                    if (r.snapshot() == cutting) {
                        reached++;
                    }
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
        if (cutting > cut && reached == feeders) {
            cut = cutting;
            OperatorControl.TickSnapshot message = new OperatorControl.TickSnapshot(cut);
            operators.forEach(op -> op.tell(message));
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
