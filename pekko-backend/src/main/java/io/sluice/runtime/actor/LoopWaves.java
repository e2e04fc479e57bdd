package io.sluice.runtime.actor;

import io.sluice.dataflow.ir.Node;
import io.sluice.plan.FlowPlan;
import io.sluice.plan.LoopPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The coordinator's quiescence detection, by waves of counters (Mattern's four-counter method),
 * over regions of the flow: each top-level loop with every node upstream of it, and, in a flow
 * that watches clusters, the {@linkplain #WHOLE_FLOW whole flow}. In each wave every operator of
 * a region, on every member still in the flow, reports how many batches it has put on the
 * region's edges and taken from its inputs (whose producers are all in the region), and whether
 * it is quiet: it would emit nothing without new input (a source once exhausted, an interval
 * never, a sample once emitted, a timeout once fired, a tick entry with nothing pending, a
 * membership source always: only a member leaving can wake it).
 *
 * <p>A region is quiescent when two consecutive waves, the second begun after the first was
 * complete, report the same totals, with as many batches taken as put and every operator
 * quiet. Counters only grow, so equal totals mean that no counter moved between an operator's
 * two answers; all those intervals contain the moment between the two waves, when every
 * operator was therefore quiet and no batch was in flight. Nothing but a member leaving can then
 * wake the region. The coordinator ends a quiescent loop (its forward references end their
 * input), and, when the whole flow is quiescent, the membership sources, so that a flow whose
 * work depends on its membership stream (retrying a departed member's tasks) completes.
 */
public final class LoopWaves {

    private record Totals(long sent, long received, boolean quiet) {
        Totals plus(long s, long r, boolean q) {
            return new Totals(sent + s, received + r, quiet && q);
        }

        boolean balanced() {
            return quiet && sent == received;
        }
    }

    /** The region id of the whole flow's quiescence, beside the loops' ids. */
    static final int WHOLE_FLOW = -2;

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
        if (!plan.graph().watchedClusters().isEmpty()) {
            live.add(WHOLE_FLOW);
        }
    }

    /**
     * The nodes of region {@code region} of {@code plan}: a loop's {@link LoopPlan#region()}, or
     * every node for {@link #WHOLE_FLOW}.
     */
    static Set<Integer> regionOf(FlowPlan plan, int region) {
        if (region == WHOLE_FLOW) {
            return plan.graph().nodes().stream().map(Node::id).collect(Collectors.toSet());
        }
        return plan.loops().get(region).region();
    }

    /** Stops probing region {@code region}: it ended some other way. */
    void retire(int region) {
        live.remove(region);
        current.remove(region);
    }

    /** Whether some region has not ended yet. */
    boolean hasLiveRegions() {
        return !live.isEmpty();
    }

    /** The regions (loops, and maybe {@link #WHOLE_FLOW}) not ended yet. */
    List<Integer> liveRegions() {
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
            for (int node : regionOf(plan, loop)) {
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
        if (!running || state.wave() != wave) {
            return List.of();
        }
        Totals totals = current.get(state.region());
        if (totals != null) {
            current.put(state.region(), totals.plus(state.sent(), state.received(), state.quiet()));
        }
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
