package io.sluice.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.ClusterStream;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.MembershipEvent;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessSingleton;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Members that crash at a step the simulation chooses: the examples' {@code WorkQueue} (copied
 * here) retries a departed worker's unfinished tasks, so every task's result arrives, whenever
 * worker 1 crashes.
 */
class CrashTest {

    static final class Leader {
    }

    static final class Worker {
    }

    /** From {@code io.sluice.examples.WorkQueue}: results are (task, task squared). */
    static ProcessStream<KV<Integer, Integer>, Leader> workQueue(Process<Leader> leader, Cluster<Worker> workers,
                                                                 Iterable<Integer> tasks, boolean retry) {
        Tick<Process<Leader>> tick = leader.tick();
        ProcessStream<MembershipEvent<Worker>, Leader> members = leader.sourceClusterMembers(workers);
        ProcessStream<MembershipEvent<Worker>, Leader> seen = members.batch(tick).persist();
        ProcessSingleton<Set<Integer>, Leader> live = seen.fold(TreeSet::new, CrashTest::apply);

        ForwardRef<ProcessStream<Integer, Leader>> retries = leader.forwardRef();
        ForwardRef<ProcessStream<Integer, Leader>> waiting = leader.cycle(tick);
        ProcessStream<Integer, Leader> todo = leader.sourceIter(tasks)
                .union(retries.stream())
                .batch(tick)
                .union(waiting.stream());
        ProcessStream<KV<Integer, Integer>, Leader> assigned = todo
                .crossSingleton(live)
                .filterMap(p -> pick(p.second(), p.first()).map(w -> KV.of(w, p.first())));
        waiting.complete(todo.keyBy(t -> t).antiJoin(assigned.map(KV::value)).keys());

        ClusterStream<KV<Integer, Integer>, Worker> results = assigned.allTicks()
                .map(a -> KV.of(MemberId.<Worker>of(a.key()), a.value()))
                .<Worker, Integer>demux(workers)
                .map(task -> KV.of(task, task * task));
        ProcessStream<KV<MemberId<Worker>, KV<Integer, Integer>>, Leader> back = results.send(leader);

        ProcessStream<Integer, Leader> departed = seen.filter(e -> e.change() == MembershipEvent.Change.LEFT)
                .map(e -> e.member().raw());
        ProcessStream<Integer, Leader> done = back.map(r -> r.value().key()).batch(tick).persist();
        ForwardRef<ProcessStream<KV<Integer, Integer>, Leader>> retriedBefore = leader.cycle(tick);
        ProcessStream<KV<Integer, Integer>, Leader> orphans = assigned.persist()
                .<Integer, Integer>intoKeyed()
                .join(departed.map(w -> KV.of(w, w)).<Integer, Integer>intoKeyed())
                .entries()
                .map(j -> KV.of(j.value().first(), j.key()))
                .<Integer, Integer>intoKeyed()
                .antiJoin(done)
                .entries()
                .map(o -> KV.of(KV.of(o.value(), o.key()), o.value()))
                .<KV<Integer, Integer>, Integer>intoKeyed()
                .antiJoin(retriedBefore.stream())
                .keys();
        retriedBefore.complete(retriedBefore.stream().union(orphans));
        retries.complete(orphans.map(KV::value).filter(t -> retry).allTicks());
        return back.map(KV::value).unique();
    }

    private static Set<Integer> apply(Set<Integer> live, MembershipEvent<Worker> event) {
        Set<Integer> next = new TreeSet<>(live);
        if (event.change() == MembershipEvent.Change.JOINED) {
            next.add(event.member().raw());
        } else {
            next.remove(event.member().raw());
        }
        return next;
    }

    private static Optional<Integer> pick(Set<Integer> live, int task) {
        if (live.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> ids = List.copyOf(live);
        return Optional.of(ids.get(Math.floorMod(task, ids.size())));
    }

    static final List<Integer> TASKS = IntStream.range(0, 6).boxed().toList();

    static SimBody body(boolean retry, int[] crashes) {
        return sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            SimOutput<KV<Integer, Integer>> results = sim.output(workQueue(leader, workers, TASKS, retry));
            flow.withProcess(leader, sim.host()).withCluster(workers, Collections.nCopies(3, sim.host())).deploy(sim);
            sim.mayCrash(workers, 1);
            List<KV<Integer, Integer>> got = results.drain();
            assertEquals(TASKS.stream().map(t -> KV.of(t, t * t)).toList(),
                    got.stream().sorted(java.util.Comparator.comparing(KV::key)).toList(), "every task's result, once");
            assertTrue(sim.completed(), "the flow completes");
            if (sim.trace().contains("crash    Worker (cluster 1) / 1 crashes")) {
                crashes[0]++;
            }
        };
    }

    @Test
    void everyTaskIsDoneOnceWheneverAWorkerCrashes() {
        int[] crashes = new int[1];
        Simulation.fuzz(150).run(body(true, crashes));
        assertTrue(crashes[0] > 50, "worker 1 crashed in " + crashes[0] + " of 150 runs");
    }

    @Test
    void withoutRetriesACrashLosesTasks() {
        SimulationFailure f = assertThrows(SimulationFailure.class,
                () -> Simulation.fuzz(150).run(body(false, new int[1])));
        assertTrue(f.getCause().getMessage().startsWith("every task's result, once"), f.getMessage());
        assertTrue(f.trace().contains("crash    Worker (cluster 1) / 1 crashes  [choice"), f.trace());
    }

    @Test
    void aCrashInAClusterTheFlowDoesNotWatchFailsTheRun() {
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> Simulation.replay(3L).run(sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            SimOutput<Integer> out = sim.output(leader.sourceIter(List.of(1, 2, 3)).roundRobin(workers)
                    .sendAnonymous(leader));
            flow.withProcess(leader, sim.host()).withCluster(workers, Collections.nCopies(2, sim.host())).deploy(sim);
            sim.crash(workers, 1);
            out.drain();
        }));
        assertTrue(f.getCause().getMessage().startsWith("Worker (cluster 1) / 1 crashed, and the flow fails"),
                f.getMessage());
    }
}
