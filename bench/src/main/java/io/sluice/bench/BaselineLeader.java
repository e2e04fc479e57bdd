package io.sluice.bench;

import io.sluice.bench.BaselineMessage.Credit;
import io.sluice.bench.BaselineMessage.Hello;
import io.sluice.bench.BaselineMessage.Ints;
import io.sluice.bench.BaselineMessage.Longs;
import io.sluice.bench.BaselineMessage.WorkerCredit;
import io.sluice.deploy.launch.Run;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The baseline's leader: generates {@code 0 .. n-1} into int batches, sends batch {@code b} to
 * worker {@code b % workers} while that worker has granted credit, and counts and sums the long
 * batches that come back, granting each worker credit for its results every half window.
 */
final class BaselineLeader extends AbstractBehavior<BaselineLeader.Command> {

    /** What the leader receives. */
    sealed interface Command permits Run, Longs, WorkerCredit {
    }

    /** Starts a run (sent in this JVM only, never serialized); {@code done} gets the totals once {@code n} elements came back. */
    record Run(int n, List<ActorRef<BaselineWorker.Command>> workers, int batch, int window,
               CompletableFuture<Totals> done) implements Command {
    }

    /** What came back. */
    record Totals(long count, long sum) {
    }

    private Run run;
    private int[] credit;
    private int[] unacknowledged;
    private int next;
    private long batches;
    private long count;
    private long sum;

    private BaselineLeader(ActorContext<Command> context) {
        super(context);
    }

    static Behavior<Command> create() {
        return Behaviors.setup(BaselineLeader::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Run.class, this::onRun)
                .onMessage(WorkerCredit.class, this::onCredit)
                .onMessage(Longs.class, this::onResults)
                .build();
    }

    private Behavior<Command> onRun(Run r) {
        run = r;
        int workers = r.workers().size();
        credit = new int[workers];
        unacknowledged = new int[workers];
        for (int w = 0; w < workers; w++) {
            credit[w] = r.window();
            r.workers().get(w).tell(new Hello(getContext().getSelf(), w, r.window()));
        }
        pump();
        return this;
    }

    private Behavior<Command> onCredit(WorkerCredit c) {
        credit[c.worker()] += c.batches();
        pump();
        return this;
    }

    private Behavior<Command> onResults(Longs results) {
        for (long v : results.values()) {
            sum += v;
        }
        count += results.values().length;
        int w = results.worker();
        if (++unacknowledged[w] == run.window() / 2) {
            run.workers().get(w).tell(new Credit(unacknowledged[w]));
            unacknowledged[w] = 0;
        }
        if (count == run.n()) {
            run.done().complete(new Totals(count, sum));
        }
        return this;
    }

    /** Sends batches in round-robin order for as long as the next worker has credit. */
    private void pump() {
        int workers = credit.length;
        while (next < run.n()) {
            int w = (int) (batches % workers);
            if (credit[w] == 0) {
                return;
            }
            int[] values = new int[Math.min(run.batch(), run.n() - next)];
            for (int i = 0; i < values.length; i++) {
                values[i] = next++;
            }
            run.workers().get(w).tell(new Ints(values));
            credit[w]--;
            batches++;
        }
    }
}
