package io.sluice.testkit.sim;

import io.sluice.dataflow.spi.MemberContext;
import io.sluice.plan.FlowPlan.OperatorPlan;
import io.sluice.plan.FlowPlan.TickRole;
import io.sluice.runtime.logic.OperatorLogic;
import java.util.Arrays;
import java.util.Set;

/**
 * One operator of one member, as the runtime's operator actor runs it but without an actor: its
 * logic (made by the backend's {@code LogicFactory}), its input ports' ends, its tick alignment,
 * its timer in virtual time, and its lifecycle. Every call into the logic goes through
 * {@link Engine#call}, which enters the member's context and names the operator on failure.
 */
final class Cell {

    /** Where the operator is in its life. */
    enum Phase {
        /** Started (or not yet): handles input, fires timers. */
        RUNNING,
        /** Its inputs have ended; its outputs end once its logic no longer holds its end. */
        FINISHING,
        /** Its outputs have ended. */
        ENDED
    }

    final int index;
    final OperatorPlan plan;
    final int member;
    final MemberContext context;
    final OperatorLogic logic;
    final boolean pulled;
    final long period;
    SimOutlet outlet;
    /** The clock of the tick it enters or reports to, if any. */
    TickState clock;
    long nextFire = Long.MAX_VALUE;
    Phase phase = Phase.RUNNING;
    boolean started;
    private final Engine engine;
    private final boolean[][] ended;
    private int open;
    private final boolean[] closed;
    private int closedPorts;
    private boolean inputsDone;

    Cell(Engine engine, int index, OperatorPlan plan, int member, MemberContext context, OperatorLogic logic) {
        this.engine = engine;
        this.index = index;
        this.plan = plan;
        this.member = member;
        this.context = context;
        this.logic = logic;
        this.pulled = logic.isPulled();
        this.period = logic.timerPeriod().map(java.time.Duration::toNanos).orElse(0L);
        this.ended = new boolean[plan.ports().size()][];
        for (int p = 0; p < ended.length; p++) {
            ended[p] = new boolean[plan.ports().get(p).senders()];
            open += ended[p].length;
        }
        this.closed = new boolean[ended.length];
    }

    boolean hasTimer() {
        return period > 0;
    }

    /** The flow starts: the logic starts, its timer runs from now, a source starts pulling. */
    void start() {
        started = true;
        if (phase == Phase.ENDED) {
            return;
        }
        engine.call(this, () -> {
            logic.onStart(outlet, () -> engine.wake(this));
            outlet.flush();
        });
        if (hasTimer()) {
            nextFire = engine.now() + period;
        }
        if (pulled) {
            pull();
        } else {
            endIfExhausted();
            tryEnd();
        }
    }

    /** A message arrived on {@code port} from {@code sender}. */
    void receive(int port, int sender, Message m) {
        if (m.end()) {
            if (!ended[port][sender]) {
                ended[port][sender] = true;
                open--;
            }
            portsChanged();
            return;
        }
        engine.call(this, () -> {
            logic.onBatch(port, sender, m.elements(), outlet);
            if (m.tickEnd()) {
                closeTick(port);
            }
            outlet.flush();
        });
    }

    private void closeTick(int port) {
        if (!closed[port]) {
            closed[port] = true;
            closedPorts++;
        }
        if (closedPorts < closed.length) {
            return;
        }
        Arrays.fill(closed, false);
        closedPorts = 0;
        logic.onTickEnd(outlet);
        if (plan.role() == TickRole.FORWARDING) {
            outlet.endTick();
        }
    }

    /** A pulled source emits one element a round while it is ready, until it is exhausted. */
    void pull() {
        while (phase == Phase.RUNNING && started && !inputsDone && logic.isReady()) {
            engine.call(this, () -> logic.pull(outlet, 1));
            engine.countStep();
            if (endIfExhausted()) {
                break;
            }
        }
        tryEnd();
    }

    /** The logic's wake-up (asynchronous logic; in the simulator it comes from the test's thread). */
    void wake() {
        if (pulled) {
            pull();
            return;
        }
        if (phase != Phase.ENDED) {
            engine.call(this, () -> {
                logic.onWake(outlet);
                outlet.flush();
            });
        }
        tryEnd();
    }

    /** The timer fired, at virtual time {@link #nextFire}. */
    void fire() {
        nextFire += period;
        if (phase == Phase.ENDED) {
            return;
        }
        engine.call(this, () -> {
            logic.onTimer(outlet);
            outlet.flush();
        });
    }

    /** A tick entry: the clock opened a tick; emit what enters it, then the marker. */
    void openTick() {
        engine.call(this, () -> {
            logic.onOpenTick(outlet);
            outlet.endTick();
        });
    }

    /** A tick entry: its clock stopped, so its outputs end. */
    void stopTicks() {
        finish();
    }

    /** Its member crashed: it stops where it stands, without ending its outputs. */
    void crash() {
        phase = Phase.ENDED;
        nextFire = Long.MAX_VALUE;
    }

    /** Member {@code member} of {@code location} crashed: its input from there ends where it stands. */
    void peerLeft(int location, int member) {
        for (int p = 0; p < ended.length; p++) {
            var port = plan.ports().get(p);
            if (port.remote() && port.producerLocation() == location && !ended[p][member]) {
                ended[p][member] = true;
                open--;
            }
        }
        if (phase != Phase.ENDED) {
            engine.call(this, () -> {
                logic.onMemberLeft(location, member, outlet);
                outlet.flush();
            });
        }
        portsChanged();
    }

    /** Every member of the watched cluster {@code location} has finished or crashed: a membership source ends. */
    void clusterSettled(int location) {
        if (phase == Phase.ENDED) {
            return;
        }
        engine.call(this, () -> logic.onClusterSettled(location));
        endIfExhausted();
        tryEnd();
    }

    /** The loop whose nodes are {@code loop} is quiescent: its inputs from inside it end here. */
    void endLoop(Set<Integer> loop) {
        if (plan.receivesTicks()) {
            return;
        }
        for (int p = 0; p < ended.length; p++) {
            if (loop.contains(plan.ports().get(p).producer())) {
                for (int s = 0; s < ended[p].length; s++) {
                    if (!ended[p][s]) {
                        ended[p][s] = true;
                        open--;
                    }
                }
            }
        }
        portsChanged();
    }

    private void portsChanged() {
        if (ended.length > 0 && open == 0 && !inputsDone) {
            inputsEnded();
        }
    }

    private boolean endIfExhausted() {
        if (inputsDone || !started || !logic.isExhausted()) {
            return false;
        }
        inputsEnded();
        return true;
    }

    private void inputsEnded() {
        inputsDone = true;
        if (plan.role() == TickRole.FEEDING_ENTRY) {
            clock.feederEnded();
        }
        if (!plan.role().isEntry()) {
            finish();
        }
    }

    private void finish() {
        if (phase == Phase.RUNNING) {
            phase = Phase.FINISHING;
        }
        tryEnd();
    }

    /** Ends the outputs once the operator is finishing and its logic holds nothing back. */
    void tryEnd() {
        if (phase != Phase.FINISHING || logic.holdsEnd()) {
            return;
        }
        phase = Phase.ENDED;
        nextFire = Long.MAX_VALUE;
        engine.call(this, () -> {
            logic.onComplete(outlet);
            outlet.end();
        });
    }

    /** Whether it would emit nothing without new input (see {@code OperatorLogic.isQuiet}). */
    boolean isQuiet() {
        return phase == Phase.ENDED || logic.isQuiet();
    }

    @Override
    public String toString() {
        return plan.node().describe() + " #" + plan.node().id();
    }
}
