package io.sluice.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The coordinator's termination detection for top-level loops, by waves of counters (Mattern's
 * four-counter method). In each wave every operator of every live loop reports how many batches
 * it has put on the loop's edges and taken from them, and whether it is quiet (its inputs from
 * outside the loop have ended, and it holds nothing it would send without new input).
 *
 * <p>A loop is quiescent when two consecutive waves, the second begun after the first was
 * complete, report the same totals, with as many batches taken as put and every operator
 * quiet. Counters only grow, so equal totals mean that no counter moved between an operator's
 * two answers; all those intervals contain the moment between the two waves, when every
 * operator was therefore quiet and no batch was in flight. Nothing can then wake the loop: the
 * coordinator ends it.
 */
final class LoopWaves {

    private record Totals(long sent, long received, boolean quiet) {
        Totals plus(long s, long r, boolean q) {
            return new Totals(sent + s, received + r, quiet && q);
        }

        boolean balanced() {
            return quiet && sent == received;
        }
    }

    private final FlowPlan plan;
    private final Set<Integer> live = new TreeSet<>();
    private final Map<Integer, Totals> previous = new HashMap<>();
    private final Map<Integer, Totals> current = new HashMap<>();
    private int wave;
    private int expected;
    private int answered;
    private boolean running;

    LoopWaves(FlowPlan plan) {
        this.plan = plan;
        plan.loops().forEach(l -> live.add(l.id()));
    }

    /** Whether some loop has not ended yet. */
    boolean hasLiveLoops() {
        return !live.isEmpty();
    }

    /** The loops not ended yet. */
    List<Integer> liveLoops() {
        return List.copyOf(live);
    }

    /**
     * Starts the next wave; returns its number. {@code membersAt} gives how many members of each
     * location are still in the flow, which is how many answers each loop operator gives.
     */
    int start(Map<Integer, Integer> membersAt) {
        wave++;
        running = true;
        current.clear();
        expected = 0;
        answered = 0;
        for (int loop : live) {
            current.put(loop, new Totals(0, 0, true));
            for (int node : plan.loops().get(loop).nodes()) {
                expected += membersAt.getOrDefault(plan.graph().node(node).location(), 0);
            }
        }
        if (expected == 0) {
            // Every member hosting the loops has left: nothing is left to end.
            running = false;
            live.clear();
        }
        return wave;
    }

    /** Forgets the wave under way and the last one's totals: a member left, so the sums change. */
    void reset() {
        running = false;
        previous.clear();
    }

    /** Whether a wave waits for answers. */
    boolean isRunning() {
        return running;
    }

    /**
     * Records an answer; when it completes the wave, returns the loops found quiescent (now
     * ended), else an empty list.
     */
    List<Integer> record(CoordinatorMessage.LoopState state) {
        if (!running || state.wave() != wave || !current.containsKey(state.loop())) {
            return List.of();
        }
        current.put(state.loop(), current.get(state.loop()).plus(state.sent(), state.received(), state.quiet()));
        if (++answered < expected) {
            return List.of();
        }
        running = false;
        List<Integer> ended = new ArrayList<>();
        for (Map.Entry<Integer, Totals> e : current.entrySet()) {
            Totals now = e.getValue();
            if (now.balanced() && now.equals(previous.get(e.getKey()))) {
                ended.add(e.getKey());
            }
        }
        previous.clear();
        previous.putAll(current);
        ended.forEach(live::remove);
        return ended;
    }
}
