package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.ClientId;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.ClusterStream;
import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.SourceQueue;
import io.sluice.dataflow.Tick;
import io.sluice.wirefixtures.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member lost with its node, in a flow whose workers have a spare node: the member runs again
 * on the spare, the flow restarts from its last snapshot or its beginning, and its result is exact. Members here are
 * ActorSystems of this JVM; a crash stops one without leaving the cluster, as a killed JVM would
 * ({@code SparesDemoTest} in the examples kills real JVMs, and so does {@code FaultBench} in the bench).
 */
class FailoverTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private static final int N = 2000;
    /** The source pauses before element {@code K}, the first time through, until the test opens the gate. */
    private static final int K = 500;
    /**
     * Quick detection for a test: a node silent for 4 s is unreachable, and downed after 2 s of
     * stability. A false alarm on a slow machine would only cost one more restart.
     */
    private static final String QUICK_DETECTION = """
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 4s
            pekko.cluster.split-brain-resolver.stable-after = 2s
            """;
    private static final Recorded SEEN = new Recorded();
    private static CountDownLatch gate = new CountDownLatch(0);
    private static final AtomicInteger PASSES = new AtomicInteger();
    /** Elements dealt after a restart. */
    private static final AtomicInteger REDEALT = new AtomicInteger();
    /** Elements of the test that crashes a worker while the source runs: at least 5 s of dealing before the crash. */
    private static final int LONG_N = 5000;
    /** Set once the test has crashed a worker: the source then runs at full speed. */
    private static volatile boolean crashed;

    @RegisterExtension
    final ExpectedLogs logs = new ExpectedLogs()
            .expect("was lost on").expect("runs again on").expect("takes no snapshots").expect("restarts with its members")
            .expect("Marking node as UNREACHABLE").expect("SBR took decision").expect("is downing")
            .expect("Association").expect("Upstream failed").expect("Outbound control stream")
            .expect("flow failed: ");

    @BeforeEach
    void reset() {
        SEEN.clear();
        gate = new CountDownLatch(1);
        PASSES.set(0);
        REDEALT.set(0);
        crashed = false;
    }

    /** A sum of longs and how many there were. */
    record Sum(long count, long total) {
        Sum plus(long x) {
            return new Sum(count + 1, total + x);
        }
    }

    @Test
    void aLostWorkerRunsAgainOnASpareNodeAndTheResultIsExact() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(FailoverTest::pacedOncePaused)
              .roundRobin(workers)
              .map(x -> x * 2L)
              .sendAnonymous(leader)
              .inspect(x -> SEEN.add("back", x))
              .foldCommutative(() -> new Sum(0, 0), Sum::plus)
              .atEnd()
              .forEach(sum -> SEEN.add("sum", sum));

        try (FlowRun run = FlowRun.of(flow).config(QUICK_DETECTION).process(leader).cluster(workers, 3)
                .spares(workers, 1).start()) {
            await(run, "the elements before the gate", () -> SEEN.get("back").size() >= K);
            run.deployment().crash(workers, 1);
            gate.countDown();
            run.awaitCompletion(Duration.ofSeconds(120));

            assertEquals(List.of(new Sum(N, (long) N * (N - 1))), SEEN.get("sum"),
                    "one result, over every element once, although " + SEEN.get("back").size()
                            + " elements came back in all (some before the loss)");
            assertTrue(PASSES.get() >= 2, "the source was read again from its start");
            List<MemberRestart> restarts = run.deployment().restarts();
            assertTrue(restarts.stream().anyMatch(r -> r.member().contains("Worker (cluster 1) / 1")), restarts::toString);
            MemberRestart first = restarts.stream().filter(r -> r.member().contains("/ 1")).findFirst().orElseThrow();
            assertNotEquals(first.lostOn(), first.restartedOn());
            assertTrue(first.lostOn().startsWith("pekko://sluice@127.0.0.1:"), first.lostOn());
            assertTrue(logs.messages().stream().anyMatch(m -> m.contains("runs again on " + first.restartedOn())),
                    "the restart is logged with both nodes: " + logs.messages());
        }
    }

    /**
     * Snapshots every 100 ms, and a worker lost once one is complete: the flow restarts from the
     * last complete one. Its state comes back from it: the keyed counts kept on the workers, and
     * each worker's tick, cut whole between two ticks (what its batch entry held, the running
     * totals waiting in the tick cycle's {@code defer}), so every result stays exact; the leader
     * deals fewer elements after the restart than a restart from the beginning would (the source
     * goes on from its recorded position); and the run's snapshots are removed at the end. The
     * source runs at full speed once the worker is crashed, so the other workers finish before the
     * loss is noticed: they are restored too, and what they emitted is folded again on the leader
     * into results that are still exact (a side effect on the workers' own output would run twice).
     */
    @Test
    void aRestartFromASnapshotKeepsKeyedStateTicksAndTickCyclesExact(@TempDir Path snapshots) {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        AtomicInteger dealt = new AtomicInteger();
        ProcessStream<Integer, Leader> source = leader.sourceIter(FailoverTest::pacedUngated)
              .inspect(i -> countDealt(dealt));
        countKeysOnTheWorkers(source, leader, workers);

        Tick<Cluster<Worker>> tick = workers.tick();
        ClusterStream<Integer, Worker> batch = source.map(i -> KV.of(MemberId.<Worker>of(i % 3), i))
              .<Worker, Integer>demux(workers)
              .batch(tick);
        ForwardRef<ClusterStream<KV<Integer, Long>, Worker>> totals = workers.cycle(tick);
        ClusterStream<KV<Integer, Long>, Worker> updated = totals.stream()
              .union(batch.map(i -> KV.of(i % 3, (long) i)))
              .<Integer, Long>intoKeyed()
              .reduceCommutative(Long::sum)
              .entries();
        totals.complete(updated);
        updated.allTicks()
              .sendAnonymous(leader)
              .<Integer, Long>intoKeyed()
              .reduceCommutative(Math::max)
              .atEnd()
              .forEach(kv -> SEEN.add("total", kv));
        batch.count()
              .intoStream()
              .allTicks()
              .sendAnonymous(leader)
              .foldCommutative(() -> 0L, Long::sum)
              .atEnd()
              .forEach(n -> SEEN.add("count", n));

        try (FlowRun run = crashAfterASnapshot(flow, leader, workers, snapshots, dealt)) {
            List<Object> keyed = SEEN.get("keyed");
            assertEquals(10, keyed.size(), keyed::toString);
            for (Object c : keyed) {
                assertEquals(Long.valueOf(LONG_N / 10), ((KV<?, ?>) c).value(), "every key's count: " + keyed);
            }
            assertEquals(List.of((long) LONG_N), SEEN.get("count"), "every element counted in exactly one tick");
            Map<Object, Object> expected = new HashMap<>();
            for (int i = 0; i < LONG_N; i++) {
                expected.merge(i % 3, (long) i, (a, b) -> (Long) a + (Long) b);
            }
            Map<Object, Object> seen = new HashMap<>();
            SEEN.get("total").forEach(kv -> seen.put(((KV<?, ?>) kv).key(), ((KV<?, ?>) kv).value()));
            assertEquals(expected, seen, "each key's running total, kept across ticks in the cycle");

            MemberRestart restart = run.deployment().restarts().get(0);
            assertTrue(restart.snapshot().isPresent(), "restarted from a snapshot: " + restart);
            assertTrue(REDEALT.get() < LONG_N, "the source went on from its position in the snapshot, not from its"
                    + " start: " + REDEALT.get() + " elements dealt after the restart");
            assertTrue(logs.messages().stream().anyMatch(m -> m.contains("restarts from snapshot "
                    + restart.snapshot().getAsLong())), logs.messages()::toString);
        }
        assertEquals(List.of(), listFiles(snapshots), "the run's snapshots are removed when the flow ends");
    }

    /**
     * Keys {@code i % 10} of {@code source}, counted on the workers that own them (demuxed), each
     * key's final count summed on the leader into {@code SEEN}'s {@code keyed}.
     */
    private static void countKeysOnTheWorkers(ProcessStream<Integer, Leader> source, Process<Leader> leader,
                                              Cluster<Worker> workers) {
        source.map(i -> KV.of(MemberId.<Worker>of(i % 10 % 3), i % 10))
              .<Worker, Integer>demux(workers)
              .keyBy(k -> k)
              .count()
              .atEnd()
              .sendAnonymous(leader)
              .<Integer, Long>intoKeyed()
              .reduceCommutative(Long::sum)
              .atEnd()
              .forEach(kv -> SEEN.add("keyed", kv));
    }

    /**
     * Runs the flow on a leader and 3 workers plus a spare, with snapshots every 100 ms to
     * {@code snapshots}; once the leader has dealt {@code K} elements and a snapshot is complete,
     * crashes worker 1, and waits for the flow to complete.
     */
    private static FlowRun crashAfterASnapshot(FlowBuilder flow, Process<Leader> leader, Cluster<Worker> workers,
                                               Path snapshots, AtomicInteger dealt) {
        FlowRun run = FlowRun.of(flow).config(QUICK_DETECTION + "sluice.snapshots.interval = 100ms\n"
                        + "sluice.snapshots.dir = \"" + snapshots.toString().replace("\\", "/") + "\"\n")
                .process(leader).cluster(workers, 3).spares(workers, 1).start();
        try {
            await(run, "the first elements", () -> dealt.get() >= K);
            await(run, "a complete snapshot", () -> completeSnapshots(snapshots, 4) > 0);
            run.deployment().crash(workers, 1);
            crashed = true;
            run.awaitCompletion(Duration.ofSeconds(120));
            return run;
        } catch (RuntimeException | AssertionError e) {
            run.close();
            throw e;
        }
    }

    /** How many snapshots of the run under {@code dir} have all {@code parts} parts written. */
    private static long completeSnapshots(Path dir, int parts) {
        try (var files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".snap")).map(Path::getParent)
                    .collect(java.util.stream.Collectors.groupingBy(p -> p, java.util.stream.Collectors.counting()))
                    .values().stream().filter(n -> n == parts).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static List<Path> listFiles(Path dir) {
        try (var files = Files.list(dir)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The application at both ends, in a flow whose workers have a spare: a queue it fills at run
     * time, read by the leader, and a subscriber ({@code destSink}) of what comes back. After a
     * worker's loss the flow restarts from its last complete snapshot; the leader's source emits
     * again, from its member's replay buffer, what it had emitted after that snapshot, then goes
     * on with the queue; the sink had handed the subscriber only what complete snapshots covered,
     * and drops the rest, which comes again. The application offers every element once and never
     * hears of the restart; every element counts once in the workers' keyed counts and in the
     * leader's sum, and the subscriber, subscribed once, gets every element once.
     */
    @Test
    void runTimeSourcesAndSinksSurviveALossAndEveryElementCountsOnce(@TempDir Path snapshots)
            throws InterruptedException {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        SourceQueue<Integer> queue = SourceQueue.bounded(64);
        AtomicInteger dealt = new AtomicInteger();
        ProcessStream<Integer, Leader> source = leader.sourceQueue(queue).inspect(i -> dealt.incrementAndGet());
        countKeysOnTheWorkers(source, leader, workers);
        ProcessStream<Long, Leader> back = source.roundRobin(workers)
              .map(x -> x * 2L)
              .sendAnonymous(leader);
        back.foldCommutative(() -> 0L, Long::sum)
              .atEnd()
              .forEach(sum -> SEEN.add("sum", sum));
        Collector subscriber = new Collector();
        back.destSink(subscriber);

        // Offered once each, paced until the crash so that the run cannot end before it.
        Thread feeder = new Thread(() -> {
            for (int i = 0; i < LONG_N; i++) {
                queue.offer(i).toCompletableFuture().join();
                if (!crashed) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            queue.complete();
        }, "feeder");
        feeder.setDaemon(true);
        feeder.start();
        try (FlowRun run = crashAfterASnapshot(flow, leader, workers, snapshots, dealt)) {
            List<Object> keyed = SEEN.get("keyed");
            assertEquals(10, keyed.size(), keyed::toString);
            for (Object c : keyed) {
                assertEquals(Long.valueOf(LONG_N / 10), ((KV<?, ?>) c).value(), "every key's count: " + keyed);
            }
            assertEquals(List.of((long) LONG_N * (LONG_N - 1)), SEEN.get("sum"), "every element summed once");
            MemberRestart restart = run.deployment().restarts().get(0);
            assertTrue(restart.snapshot().isPresent(), "restarted from a snapshot: " + restart);
            assertTrue(dealt.get() > LONG_N, "elements after the snapshot were emitted again: " + dealt.get());
            assertTrue(subscriber.done.await(10, TimeUnit.SECONDS), "the subscriber got its end");
            assertEquals(List.of(1, 0), List.of(subscriber.subscriptions.get(), subscriber.errors.get()));
            assertEquals(LONG_N, subscriber.got.size(), "every element once, none twice");
            assertEquals(LongStream.range(0, LONG_N).map(i -> 2 * i).boxed().collect(Collectors.toSet()),
                    Set.copyOf(subscriber.got));
        } finally {
            feeder.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Takes everything, and records what it got. */
    static final class Collector implements Flow.Subscriber<Long> {
        final List<Long> got = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger subscriptions = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscriptions.incrementAndGet();
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Long item) {
            got.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            errors.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }
    }

    /** The clients of the test with an external port. */
    static final class Clients {
    }

    /**
     * An external port on the leader, whose workers have a spare: a client connected to it sends
     * requests, each demuxed to a worker that numbers what it handles ({@code enumerate}, state
     * kept in the snapshots) and answers the client. A worker is crashed after a snapshot; the
     * flow restarts from it, and the leader's member, which kept the port open and its client
     * connected, replays the requests it had read since. The client sends every request once
     * and gets every answer at least once (those to the replayed requests may come twice, the
     * same both times), each worker's indices exactly 0, 1, 2, ... in the order of its requests:
     * every request counted once in the workers' state.
     */
    @Test
    void anExternalPortKeepsItsClientsAcrossARestartAndEveryRequestCountsOnce(@TempDir Path snapshots)
            throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        External<Clients> clients = flow.external(Clients.class);
        ExternalPort<Integer, Answer, Leader> port = leader.bidiExternalMany(clients, Integer.class, Answer.class);
        AtomicInteger dealt = new AtomicInteger();
        port.reply(port.requests().entries()
                .inspect(kv -> dealt.incrementAndGet())
                .map(kv -> KV.of(MemberId.<Worker>of(kv.value() % 3), kv))
                .<Worker, KV<ClientId, Integer>>demux(workers)
                .assumeOrdering("the leader is the only sender, and demux keeps its order per member")
                .enumerate()
                .map(kv -> KV.of(kv.value().key(), new Answer(kv.value().value(), kv.key())))
                .sendAnonymous(leader)
                .<ClientId, Answer>intoKeyed());

        Map<Integer, Set<Answer>> answers = new java.util.concurrent.ConcurrentHashMap<>();
        // The answers replayed after the restart come as fast as the flow makes them: a client
        // buffer of 16 holds a fraction of them, and the port paces them to what the client reads.
        try (FlowRun run = FlowRun.of(flow).config(QUICK_DETECTION + "sluice.snapshots.interval = 100ms\n"
                        + "sluice.snapshots.dir = \"" + snapshots.toString().replace("\\", "/") + "\"\n"
                        + "sluice.external.client-buffer = 16\n")
                .process(leader).cluster(workers, 3).spares(workers, 1).start();
             ExternalClient<Integer, Answer> client = ExternalClient.connect(run.deployment().externalAddress(clients),
                     Integer.class, Answer.class)) {
            Thread receiver = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        client.receive(Duration.ofSeconds(1)).ifPresent(a -> answers
                                .computeIfAbsent(a.request(), r -> ConcurrentHashMap.newKeySet()).add(a));
                    }
                } catch (InterruptedException | IllegalStateException e) {
                    // the test is over, or the connection ended: the assertions below say which
                }
            }, "receiver");
            receiver.setDaemon(true);
            receiver.start();
            // Sent once each, paced until the crash so that the requests outlast it.
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < LONG_N; i++) {
                        client.send(i);
                        if (!crashed) {
                            Thread.sleep(1);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "sender");
            sender.setDaemon(true);
            sender.start();
            try {
                await(run, "the first requests", () -> dealt.get() >= K);
                await(run, "a complete snapshot", () -> completeSnapshots(snapshots, 4) > 0);
                run.deployment().crash(workers, 1);
                crashed = true;
                await(run, "an answer to every request", () -> answers.size() >= LONG_N);
                client.send(LONG_N);
                await(run, "the answer to the last request", () -> answers.containsKey(LONG_N));
            } finally {
                sender.interrupt();
                receiver.interrupt();
            }
            assertEquals(LONG_N + 1, answers.size(), "the requests answered: " + answers.keySet());
            answers.forEach((request, those) -> assertEquals(1, those.size(),
                    "request " + request + " answered the same each time: " + those));
            for (int w = 0; w < 3; w++) {
                int worker = w;
                List<Long> indices = answers.values().stream().map(those -> those.iterator().next())
                        .filter(a -> a.request() % 3 == worker)
                        .sorted(java.util.Comparator.comparingInt(Answer::request)).map(Answer::index).toList();
                assertEquals(LongStream.range(0, indices.size()).boxed().toList(), indices,
                        "worker " + w + " counted each of its requests once, in order");
            }
            assertTrue(run.deployment().restarts().get(0).snapshot().isPresent(),
                    "restarted from a snapshot: " + run.deployment().restarts());
            assertTrue(dealt.get() > LONG_N + 1, "requests after the snapshot were replayed: " + dealt.get());
            assertTrue(!client.closed().toCompletableFuture().isDone(), "the client stayed connected");
        }
    }

    @Test
    void aFlowThatCannotReplayItsSourcesIsRefusedSpares() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        SourceQueue<Integer> queue = SourceQueue.bounded(16);
        leader.sourceQueue(queue).roundRobin(workers).map(Integer::longValue).sendAnonymous(leader)
              .destSink(new Collector());
        Deployment deployment = new Deployment(ConfigFactory.parseString("sluice.snapshots.interval = off")
                .withFallback(ConfigFactory.load()));
        try (deployment) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> flow
                    .withProcess(leader, deployment.inJvm())
                    .withCluster(workers, List.of(deployment.inJvm(), deployment.inJvm()))
                    .withSpares(workers, List.of(deployment.inJvm()))
                    .deploy(deployment));
            assertTrue(e.getMessage().contains("cannot be restarted") && e.getMessage().contains("sourceQueue at ")
                    && e.getMessage().contains("destSink at ") && e.getMessage().contains("once a snapshot covers it")
                    && e.getMessage().contains("sluice.snapshots.interval is off"), e.getMessage());
        }
    }

    @Test
    void anExternalPortIsRefusedSparesForItsOwnProcessAndWithoutSnapshots() {
        String moves = portRefusal("", true);
        assertTrue(moves.contains("bidiExternalMany.requests at ") && moves.contains("its clients are connected to the node of")
                && moves.contains("give io.sluice.deploy.FailoverTest.Leader (process 0) no spares"), moves);
        String off = portRefusal("sluice.snapshots.interval = off", false);
        assertTrue(off.contains("requests of external clients are replayed")
                && off.contains("sluice.snapshots.interval is off"), off);
    }

    /** Why a flow with an external port on its leader is refused spares for the leader, or for the workers. */
    private static String portRefusal(String config, boolean leaderSpares) {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        ExternalPort<Integer, Integer, Leader> port = leader.bidiExternalMany(flow.external(Clients.class),
                Integer.class, Integer.class);
        port.reply(port.requests().entries().map(kv -> KV.of(MemberId.<Worker>of(0), kv))
                .<Worker, KV<ClientId, Integer>>demux(workers).sendAnonymous(leader).<ClientId, Integer>intoKeyed());
        try (Deployment deployment = new Deployment(ConfigFactory.parseString(config).withFallback(ConfigFactory.load()))) {
            flow.withProcess(leader, deployment.inJvm()).withCluster(workers, List.of(deployment.inJvm()));
            if (leaderSpares) {
                flow.withSpares(leader, List.of(deployment.inJvm()));
            } else {
                flow.withSpares(workers, List.of(deployment.inJvm()));
            }
            return assertThrows(IllegalArgumentException.class, () -> flow.deploy(deployment)).getMessage();
        }
    }

    @Test
    void withoutSparesALostWorkerStillFailsTheFlowNamingIt() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(FailoverTest::pacedOncePaused).roundRobin(workers).map(x -> x * 2L).sendAnonymous(leader)
              .forEach(x -> SEEN.add("back", x));
        try (FlowRun run = FlowRun.of(flow).config(QUICK_DETECTION).process(leader).cluster(workers, 2).start()) {
            await(run, "the elements before the gate", () -> SEEN.get("back").size() >= K);
            run.deployment().crash(workers, 1);
            FlowFailedException e;
            try {
                e = run.awaitFailure(Duration.ofSeconds(90));
            } finally {
                gate.countDown();
            }
            assertTrue(e.getMessage().contains("Worker (cluster 1) / 1] stopped before the flow completed"),
                    e.getMessage());
            assertTrue(run.deployment().restarts().isEmpty());
        }
    }

    /**
     * 0..N-1, paced ({@link PacedSource}); the first pass waits at element {@code K} for the gate,
     * so that the crash lands mid-stream. Every pass is counted.
     */
    /**
     * 0..LONG_N-1, with no gate: a source blocked at a gate could not take part in a snapshot, so
     * the tests of snapshots crash a worker while it runs. Paced until the crash, so that the run
     * cannot end before it, and at full speed after. Every pass is counted.
     */
    private static Iterator<Integer> pacedUngated() {
        PASSES.incrementAndGet();
        return PacedSource.iterator(LONG_N, -1, new CountDownLatch(0), () -> !crashed);
    }

    /** Counts an element the leader dealt, and those dealt after a restart. */
    private static void countDealt(AtomicInteger dealt) {
        dealt.incrementAndGet();
        if (PASSES.get() >= 2) {
            REDEALT.incrementAndGet();
        }
    }

    private static Iterator<Integer> pacedOncePaused() {
        return PacedSource.iterator(N, K, PASSES.incrementAndGet() == 1 ? gate : new CountDownLatch(0));
    }

    /** Waits up to a minute for {@code condition}; fails at once, with the flow's failure, if the flow fails first. */
    private static void await(FlowRun run, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        java.util.concurrent.CompletableFuture<?> completion = run.deployment().completion().toCompletableFuture();
        while (!condition.getAsBoolean()) {
            if (completion.isCompletedExceptionally()) {
                throw new AssertionError("the flow failed while waiting for " + what, completion.handle((v, e) -> e).join());
            }
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
