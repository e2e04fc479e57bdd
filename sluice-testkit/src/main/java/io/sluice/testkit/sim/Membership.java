package io.sluice.testkit.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Members that crash, and the end of membership sources, as the runtime handles them: a crashed
 * member stops where it stands; in a cluster the flow watches ({@code sourceClusterMembers}) the
 * others are told and go on without it, otherwise the flow fails. A watched cluster is settled
 * (its membership sources end) once every member finished or crashed, or once the whole flow is
 * quiescent.
 */
final class Membership {

    private final Engine engine;
    private final List<Integer> watched;
    private final List<boolean[]> crashed = new ArrayList<>();
    private final boolean[] settled;
    private final List<Action.Crash> possible = new ArrayList<>();

    Membership(Engine engine, List<Integer> sizes, List<Integer> watched) {
        this.engine = engine;
        this.watched = List.copyOf(watched);
        this.settled = new boolean[sizes.size()];
        sizes.forEach(n -> crashed.add(new boolean[n]));
    }

    /** Member {@code member} of {@code location} may crash at any later step. */
    void mayCrash(int location, int member) {
        Action.Crash c = new Action.Crash(location, member);
        if (!crashed.get(location)[member] && !possible.contains(c)) {
            possible.add(c);
        }
    }

    /** The crashes the scheduler may choose now. */
    List<Action.Crash> possibleCrashes() {
        return possible;
    }

    /**
     * Member {@code member} of {@code location} crashes: its operators stop, its channels and
     * those to it lose what they hold, and every other operator is told.
     *
     * @throws OperatorFailure when the flow does not watch the cluster: the flow fails, as it would for real
     */
    void crash(int location, int member, int choice, int options) {
        possible.remove(new Action.Crash(location, member));
        if (crashed.get(location)[member]) {
            return;
        }
        crashed.get(location)[member] = true;
        engine.trace.crashed(location, member, choice, options, engine.now());
        if (!watched.contains(location)) {
            throw new OperatorFailure(Trace.member(engine.plan, location, member) + " crashed, and the flow fails: only "
                    + "a cluster the flow watches with sourceClusterMembers can lose a member (as on a real cluster)",
                    null);
        }
        for (Cell c : engine.cells()) {
            if (at(c, location, member)) {
                c.crash();
            }
        }
        for (TickState t : engine.ticks()) {
            if (t.plan.location() == location && t.member == member) {
                t.stopped = true;
            }
        }
        engine.network().dropMember(location, member);
        for (Cell c : engine.cells()) {
            if (!at(c, location, member)) {
                c.peerLeft(location, member);
            }
        }
    }

    /**
     * Ends the membership sources of every watched cluster whose members have all finished or
     * crashed or, when {@code quiescent} (nothing else can happen), of every watched cluster if no
     * operator would emit without new input. Returns whether a cluster was settled.
     */
    boolean settle(boolean quiescent) {
        boolean any = false;
        for (int location : watched) {
            if (settled[location] || !(quiescent ? allQuiet() : finished(location))) {
                continue;
            }
            settled[location] = true;
            any = true;
            for (Cell c : engine.cells()) {
                c.clusterSettled(location);
            }
        }
        return any;
    }

    private boolean finished(int location) {
        for (Cell c : engine.cells()) {
            if (c.plan.node().location() == location && c.phase != Cell.Phase.ENDED) {
                return false;
            }
        }
        return true;
    }

    private boolean allQuiet() {
        for (Cell c : engine.cells()) {
            if (!c.isQuiet()) {
                return false;
            }
        }
        return true;
    }

    private static boolean at(Cell c, int location, int member) {
        return c.plan.node().location() == location && c.member == member;
    }
}
