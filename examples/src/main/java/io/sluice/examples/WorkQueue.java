package io.sluice.examples;

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
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A work queue that outlives its workers: the leader hands numbered tasks to the workers it
 * knows to be alive, remembers who has which, and when a worker leaves gives its unfinished
 * tasks to the others. Every task's result is printed once, and the flow ends by itself when the
 * last one is in.
 *
 * <p>Each tick, the leader assigns the tasks that arrived (new ones, and retries) round the live
 * workers (a fold, in the tick, of every membership event so far), and {@code demux}es them; a
 * task that finds no live worker waits for the next tick (a tick cycle). It keeps every assignment
 * and every result ({@code persist}) and the workers that left; a task assigned to a departed
 * worker, without a result and not yet retried from that worker, is retried: it goes back to the
 * task stream through a forward reference, and the retried (worker, task) pairs are carried to
 * the next tick in a tick cycle. A task whose worker died after doing it but before its result
 * arrived runs twice; the results are equal, and {@code unique} prints one.
 *
 * <pre>
 * [io.sluice.examples.WorkQueue.Leader (process 0)] worker 1 LEFT
 * [io.sluice.examples.WorkQueue.Leader (process 0)] task 57 = 3249
 * [io.sluice.examples.WorkQueue.Leader (process 0)] 200 of 200 tasks done
 * </pre>
 *
 * Run: {@code java -jar examples/target/sluice-examples.jar WorkQueue [tasks] [--crash] [--in-jvm]};
 * with {@code --crash} (not with {@code --in-jvm}), worker 1's JVM halts on its 20th task.
 */
public final class WorkQueue {

    /** The leader's tag. */
    public static final class Leader {
    }

    /** The workers' tag. */
    public static final class Worker {
    }

    private WorkQueue() {
    }

    /**
     * The flow: the tasks go to the workers, which run {@code work} on each; the leader prints
     * every result once, the workers that leave, and how many tasks are done.
     */
    public static void workQueue(Process<Leader> leader, Cluster<Worker> workers, Iterable<Integer> tasks, int total,
                                 Work work) {
        Tick<Process<Leader>> tick = leader.tick();
        ProcessStream<MembershipEvent<Worker>, Leader> members = leader.sourceClusterMembers(workers);
        members.filter(e -> e.change() == MembershipEvent.Change.LEFT)
               .forEach(e -> System.out.println("worker " + e.member().raw() + " LEFT"));
        // Every membership event so far, in each tick: the live workers and the departed ones are
        // read from the same events, so no tick assigns a retried task to a worker it knows left.
        ProcessStream<MembershipEvent<Worker>, Leader> seen = members.batch(tick).persist();
        ProcessSingleton<Set<Integer>, Leader> live = seen.fold(TreeSet::new, WorkQueue::apply);

        // This tick's tasks: new ones, retries, and those no worker was alive for in the last tick.
        ForwardRef<ProcessStream<Integer, Leader>> retries = leader.forwardRef();
        ForwardRef<ProcessStream<Integer, Leader>> waiting = leader.cycle(tick);
        ProcessStream<Integer, Leader> todo = leader.sourceIter(tasks)
                .union(retries.stream())
                .batch(tick)
                .union(waiting.stream());
        ProcessStream<KV<Integer, Integer>, Leader> assigned = todo
                .crossSingleton(live)
                .filterMap(p -> pick(p.second(), p.first()).map(w -> KV.of(w, p.first())));   // (worker, task)
        waiting.complete(todo.keyBy(t -> t).antiJoin(assigned.map(KV::value)).keys());

        ClusterStream<KV<Integer, Integer>, Worker> results = assigned.allTicks()
                .map(a -> KV.of(MemberId.<Worker>of(a.key()), a.value()))
                .<Worker, Integer>demux(workers)
                .map(task -> KV.of(task, work.run(workers.selfId().raw(), task)));              // (task, result)
        ProcessStream<KV<MemberId<Worker>, KV<Integer, Integer>>, Leader> back = results.send(leader);

        // Tasks to retry this tick: assigned to a worker that left, not done, not retried from it before.
        ProcessStream<Integer, Leader> departed = seen.filter(e -> e.change() == MembershipEvent.Change.LEFT)
                .map(e -> e.member().raw());
        ProcessStream<Integer, Leader> done = back.map(r -> r.value().key()).batch(tick).persist();
        ForwardRef<ProcessStream<KV<Integer, Integer>, Leader>> retriedBefore = leader.cycle(tick);
        ProcessStream<KV<Integer, Integer>, Leader> orphans = assigned.persist()
                .<Integer, Integer>intoKeyed()                                                  // worker -> task
                .join(departed.map(w -> KV.of(w, w)).<Integer, Integer>intoKeyed())
                .entries()
                .map(j -> KV.of(j.value().first(), j.key()))                                    // task -> worker
                .<Integer, Integer>intoKeyed()
                .antiJoin(done)
                .entries()
                .map(o -> KV.of(KV.of(o.value(), o.key()), o.value()))                         // (worker, task) ->
                .<KV<Integer, Integer>, Integer>intoKeyed()
                .antiJoin(retriedBefore.stream())
                .keys();
        retriedBefore.complete(retriedBefore.stream().union(orphans));
        retries.complete(orphans.map(KV::value).allTicks());

        ProcessStream<KV<Integer, Integer>, Leader> unique = back.map(KV::value).unique();
        unique.forEach(r -> System.out.println("task " + r.key() + " = " + r.value()));
        unique.count().sampleEvery(Duration.ofSeconds(1))
              .forEach(n -> System.out.println(n + " of " + total + " tasks done"));
    }

    /** What a worker computes for a task. */
    @FunctionalInterface
    public interface Work {
        /** The result of {@code task}, computed by worker {@code worker}. */
        int run(int worker, int task);
    }

    /** The set of live workers after {@code event}. */
    private static Set<Integer> apply(Set<Integer> live, MembershipEvent<Worker> event) {
        Set<Integer> next = new TreeSet<>(live);
        if (event.change() == MembershipEvent.Change.JOINED) {
            next.add(event.member().raw());
        } else {
            next.remove(event.member().raw());
        }
        return next;
    }

    /** The worker for {@code task}: task modulo the live workers, or none while there are none. */
    private static Optional<Integer> pick(Set<Integer> live, int task) {
        if (live.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> ids = List.copyOf(live);
        return Optional.of(ids.get(Math.floorMod(task, ids.size())));
    }

    public static void main(String[] args) {
        List<String> options = List.of(args);
        int total = options.stream().filter(a -> a.chars().allMatch(Character::isDigit)).findFirst()
                .map(Integer::parseInt).orElse(200);
        boolean crash = options.contains("--crash") && !options.contains("--in-jvm");
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        int[] done = new int[1];
        workQueue(leader, workers, IntStream.range(0, total).boxed().toList(), total, (worker, task) -> {
            sleep(20);
            if (crash && worker == 1 && ++done[0] == 20) {
                Runtime.getRuntime().halt(3);
            }
            return task * task;
        });
        flow.withProcess(leader, Examples.host(deployment, args))
            .withCluster(workers, Collections.nCopies(3, Examples.host(deployment, args)))
            .deploy(deployment);
        deployment.deploy();
        deployment.startCtrlC();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
