package io.sluice.bench;

import io.sluice.bench.BaselineMessage.Credit;
import io.sluice.bench.BaselineMessage.Hello;
import io.sluice.bench.BaselineMessage.Ints;
import io.sluice.bench.BaselineMessage.Longs;
import io.sluice.bench.BaselineMessage.WorkerCredit;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The baseline's worker: doubles every int batch into a long batch and sends it to the leader
 * while it has credit for results (holding the rest); every half window of batches passed on,
 * it grants the leader that much credit for inputs. Registers itself with the receptionist
 * under {@link #KEY}.
 */
final class BaselineWorker extends AbstractBehavior<BaselineWorker.Command> {

    /** What a worker receives. */
    sealed interface Command permits Hello, Ints, Credit {
    }

    /** The receptionist key the workers register under. */
    static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "baseline-worker");

    private final ArrayDeque<long[]> held = new ArrayDeque<>();
    private ActorRef<BaselineLeader.Command> leader;
    private int worker;
    private int window;
    private int credit;
    private int passedOn;

    private BaselineWorker(ActorContext<Command> context) {
        super(context);
        context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
    }

    static Behavior<Command> create() {
        return Behaviors.setup(BaselineWorker::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Hello.class, this::onHello)
                .onMessage(Ints.class, this::onInputs)
                .onMessage(Credit.class, this::onCredit)
                .build();
    }

    private Behavior<Command> onHello(Hello hello) {
        leader = hello.leader();
        worker = hello.worker();
        window = hello.window();
        credit = window;
        return this;
    }

    private Behavior<Command> onInputs(Ints inputs) {
        int[] in = inputs.values();
        long[] out = new long[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i] * 2L;
        }
        held.add(out);
        passOn();
        return this;
    }

    private Behavior<Command> onCredit(Credit c) {
        credit += c.batches();
        passOn();
        return this;
    }

    /** Sends held results while credit lasts, granting input credit for what was passed on. */
    private void passOn() {
        while (credit > 0 && !held.isEmpty()) {
            leader.tell(new Longs(worker, held.poll()));
            credit--;
            if (++passedOn == window / 2) {
                leader.tell(new WorkerCredit(worker, passedOn));
                passedOn = 0;
            }
        }
    }
}
