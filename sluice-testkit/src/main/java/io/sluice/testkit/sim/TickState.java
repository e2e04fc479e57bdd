package io.sluice.testkit.sim;

import io.sluice.plan.FlowPlan.TickPlan;
import java.util.List;

/**
 * The clock of one tick on one member, as the runtime's {@code TickClock} runs it: a tick may
 * open when one of its entries holds data for it; the simulator runs each tick to its end at
 * once (its channels are local and eager), so a tick never mixes two batches; when every
 * feeding entry's input has ended and nothing is pending, the clock stops and the entries end.
 * When a tick opens is the scheduler's choice: that is what decides a batch's boundaries and a
 * snapshot's age.
 */
final class TickState {

    final TickPlan plan;
    final int member;
    final List<Cell> entries;
    /** How many ticks have opened. */
    long opened;
    boolean stopped;
    /** Virtual time since which the tick could open, for the delivery-delay bound; -1 when it cannot. */
    long openableSince = -1;
    private int feedersEnded;

    TickState(TickPlan plan, int member, List<Cell> entries) {
        this.plan = plan;
        this.member = member;
        this.entries = List.copyOf(entries);
    }

    /** Whether an entry holds data for the next tick. */
    boolean openable() {
        if (stopped) {
            return false;
        }
        for (Cell e : entries) {
            if (e.phase != Cell.Phase.ENDED && e.logic.hasPending()) {
                return true;
            }
        }
        return false;
    }

    void feederEnded() {
        feedersEnded++;
    }

    /** Stops the clock if no tick can ever open again; returns whether it just did. */
    boolean stopIfDone() {
        if (stopped || feedersEnded < plan.feeders() || openable()) {
            return false;
        }
        stopped = true;
        entries.forEach(Cell::stopTicks);
        return true;
    }
}
