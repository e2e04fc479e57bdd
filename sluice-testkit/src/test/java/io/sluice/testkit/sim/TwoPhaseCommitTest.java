package io.sluice.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two-phase commit: a coordinator asks every participant to prepare each transaction, tallies the
 * votes that arrived so far at each of its ticks and broadcasts its decision, which every participant applies. The buggy coordinator commits
 * as soon as one participant said yes; whether that is before another's no depends on which vote
 * arrives first, which only some schedules show.
 */
class TwoPhaseCommitTest {

    static final class Coordinator {
    }

    static final class Participant {
    }

    record Vote(int txn, int from, boolean yes) {
    }

    record Tally(int yes, int no) {
        Tally with(Vote v) {
            return v.yes() ? new Tally(yes + 1, no) : new Tally(yes, no + 1);
        }
    }

    record Decision(int txn, boolean commit) {
    }

    static final int PARTICIPANTS = 3;
    static final List<Integer> TRANSACTIONS = List.of(0, 1, 2);

    /** Participant 2 cannot take transaction 1. */
    static boolean votesYes(int participant, int txn) {
        return !(participant == 2 && txn == 1);
    }

    /** The flow; returns every decision each participant applied, tagged with the participant. */
    static ProcessStream<KV<MemberId<Participant>, Decision>, Coordinator> twoPhaseCommit(
            Process<Coordinator> coordinator, Cluster<Participant> participants, List<Integer> transactions,
            boolean buggy) {
        ProcessStream<Vote, Coordinator> votes = coordinator.sourceIter(transactions)
                .broadcast(participants)                                            // phase 1: prepare
                .map(txn -> new Vote(txn, participants.selfId().raw(), votesYes(participants.selfId().raw(), txn)))
                .sendAnonymous(coordinator);
        Tick<Process<Coordinator>> tick = coordinator.tick();
        ProcessStream<Decision, Coordinator> decisions = votes.batch(tick)
                .persist()                                                          // every vote so far
                .map(v -> KV.of(v.txn(), v)).<Integer, Vote>intoKeyed()
                .foldCommutative(() -> new Tally(0, 0), Tally::with)
                .entries()
                .filterMap(kv -> decide(kv.key(), kv.value(), buggy))
                .allTicks()
                .unique();
        return decisions.broadcast(participants)                                     // phase 2: decide
                .map(d -> d)
                .send(coordinator);
    }

    static Optional<Decision> decide(int txn, Tally tally, boolean buggy) {
        if (tally.no() > 0) {
            return Optional.of(new Decision(txn, false));
        }
        boolean enough = buggy ? tally.yes() >= 1 : tally.yes() == PARTICIPANTS;
        return enough ? Optional.of(new Decision(txn, true)) : Optional.empty();
    }

    static SimBody body(boolean buggy) {
        return sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Coordinator> coordinator = flow.process(Coordinator.class);
            Cluster<Participant> participants = flow.cluster(Participant.class);
            SimOutput<KV<MemberId<Participant>, Decision>> applied =
                    sim.output(twoPhaseCommit(coordinator, participants, TRANSACTIONS, buggy));
            flow.withProcess(coordinator, sim.host())
                .withCluster(participants, Collections.nCopies(PARTICIPANTS, sim.host()))
                .deploy(sim);
            List<KV<MemberId<Participant>, Decision>> got = applied.drain();
            for (KV<MemberId<Participant>, Decision> kv : got) {
                Decision d = kv.value();
                boolean unanimous = IntStream.range(0, PARTICIPANTS).allMatch(p -> votesYes(p, d.txn()));
                if (d.commit() && !unanimous) {
                    throw new AssertionError("participant " + kv.key().raw() + " committed transaction " + d.txn()
                            + ", which a participant voted against");
                }
            }
            List<KV<MemberId<Participant>, Decision>> expected = new ArrayList<>();
            for (int txn : TRANSACTIONS) {
                boolean commit = IntStream.range(0, PARTICIPANTS).allMatch(p -> votesYes(p, txn));
                for (int p = 0; p < PARTICIPANTS; p++) {
                    expected.add(KV.of(MemberId.of(p), new Decision(txn, commit)));
                }
            }
            assertEquals(sorted(expected), sorted(got), "every participant applies one decision per transaction");
            assertTrue(sim.completed(), "the flow completes");
        };
    }

    private static List<String> sorted(List<?> elements) {
        return elements.stream().map(String::valueOf).sorted().toList();
    }

    @Test
    void fuzzCatchesACoordinatorThatCommitsAfterTheFirstYes() {
        SimulationFailure found = assertThrows(SimulationFailure.class, () -> Simulation.fuzz(1_000).run(body(true)));
        System.out.println(found.getMessage());
        assertTrue(found.getCause().getMessage().contains("which a participant voted against"), found.getMessage());
        assertTrue(found.seed().isPresent());
    }

    @Test
    void theCorrectCoordinatorPassesThousandsOfRuns() {
        assertEquals(2_000, Simulation.fuzz(2_000).run(body(false)));
    }
}
