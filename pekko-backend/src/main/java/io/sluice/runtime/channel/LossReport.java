package io.sluice.runtime.channel;

import io.sluice.dataflow.ir.Origin;
import io.sluice.plan.MemberKey;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What one operator says about data that members leaving the flow may have cost: nothing is
 * lost silently. Every line is a WARN naming the operator, the member and a count where one is
 * known. Drops of elements addressed to departed members are logged at once, then at most every
 * {@link #DROP_LOG_NANOS} with a running total, and the rest when the operator is done.
 */
public final class LossReport {

    /** How often, at most, an operator logs that it dropped elements addressed to departed members. */
    private static final long DROP_LOG_NANOS = 5_000_000_000L;

    private final Origin origin;
    private final Logger log;
    /** Labels of the departed members, by location and member. */
    private final Map<MemberKey, String> departed = new HashMap<>();
    private long droppedLogged;
    private long droppedLoggedAt;

    public LossReport(Origin origin, Logger log) {
        this.origin = origin;
        this.log = log;
    }

    /** Member {@code member} of {@code location}, named {@code label}, left the flow. */
    public void left(int location, int member, String label) {
        departed.put(new MemberKey(location, member), label);
    }

    /** Whether any member has left (only then can anything be dropped). */
    public boolean anyLeft() {
        return !departed.isEmpty();
    }

    /** The departed member's input to this operator ended after {@code batches} batches. */
    public void inputEndedEarly(String label, long batches) {
        log.warn("{}: the input from {} ended early, after {} batch(es); whatever it had taken in but not yet sent"
                + " here is lost", origin, label, batches);
    }

    /** The departed member had not acknowledged {@code elements} elements this operator sent it. */
    public void unacknowledged(String label, long elements) {
        if (elements > 0) {
            log.warn("{}: {} left the flow before acknowledging {} element(s) sent to it; they may be lost", origin,
                    label, elements);
        }
    }

    /** A batch of {@code elements} elements arrived from member {@code sender} of {@code location} after it left. */
    public void lateBatch(int location, int sender, int elements) {
        log.warn("{}: {} element(s) from {} arrived after it left the flow and were dropped", origin, elements,
                departed.getOrDefault(new MemberKey(location, sender), "member " + sender));
    }

    /**
     * The operator has dropped {@code dropped} elements addressed to departed members so far;
     * logs the new ones if it is time, or if {@code force}.
     */
    public void dropped(long dropped, boolean force) {
        long now = System.nanoTime();
        if (dropped > droppedLogged && (force || droppedLogged == 0 || now - droppedLoggedAt >= DROP_LOG_NANOS)) {
            droppedLoggedAt = now;
            log.warn("{}: {} element(s) addressed to members that had left the flow were dropped ({} in all)", origin,
                    dropped - droppedLogged, dropped);
            droppedLogged = dropped;
        }
    }
}
