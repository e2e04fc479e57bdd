package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Pair;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessSingleton;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Stream;
import io.sluice.dataflow.Tick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operators inside a tick, checked against the tick's own batch: every result is paired
 * (crossSingleton) with the list of the elements its tick saw, and each is compared with what a
 * sequential computation gives on that list. This also checks that ticks are atomic: a tick that
 * mixed two batches would pair results with a list they do not match. One flow, deployed once
 * on an in-JVM cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TickOperatorsTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private static final int N = 100_000;
    private static final int WORKERS = 2;
    private static final Recorded SEEN = new Recorded();

    private FlowRun run;

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    /** Records {@code op}'s output of every tick, each element paired with the tick's batch. */
    private static <T> void perTick(String name, Stream<T, Process<Leader>> op,
                                    ProcessSingleton<List<Integer>, Leader> batch) {
        op.crossSingleton(batch).allTicks().forEach(p -> SEEN.add(name, p));
    }

    @BeforeAll
    void runTheFlow() {
        SEEN.clear();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        Tick<Process<Leader>> tick = leader.tick();

        ProcessStream<Integer, Leader> b = leader.sourceIter(range(0, N)).batch(tick);
        ProcessSingleton<List<Integer>, Leader> list = b.collectList();
        list.intoStream().allTicks().forEach(l -> SEEN.add("lists", l));

        perTick("count", b.count().intoStream(), list);
        perTick("sort", b.sort(Comparator.reverseOrder()), list);
        perTick("fold", b.fold(() -> 0L, (s, x) -> s + x).intoStream(), list);
        perTick("max", b.max(Comparator.naturalOrder()).intoStream(), list);
        perTick("first", b.first().intoStream(), list);
        perTick("last", b.last().intoStream(), list);
        perTick("unique", b.map(x -> x % 7).unique(), list);
        perTick("enumerate", b.enumerate(), list);
        perTick("scan", b.scan(() -> 0L, (s, x) -> s + x), list);
        perTick("keyedCount", b.keyBy(x -> x % 5).count().entries(), list);
        perTick("join", b.keyBy(x -> x % 5000).join(b.map(x -> KV.of(x % 5000, -x)).<Integer, Integer>intoKeyed())
                .entries(), list);
        perTick("antiJoin", b.keyBy(x -> x % 10).antiJoin(b.filter(x -> x % 4 == 0).map(x -> x % 10)).entries(), list);
        perTick("crossProduct", b.filter(x -> x % 1000 == 0).crossProduct(b.filter(x -> x % 1000 == 1)), list);
        perTick("chain", b.filter(x -> x % 2 == 1).chain(b.filter(x -> x % 2 == 0)), list);
        perTick("persist", b.persist().count().intoStream(), list);
        Pair<ProcessStream<Integer, Leader>, ProcessStream<Integer, Leader>> parts = b.partition(x -> x % 3 == 0);
        perTick("partition yes", parts.first(), list);
        perTick("partition no", parts.second(), list);
        list.intoStream().crossSingleton(b.count().deferTick()).allTicks().forEach(p -> SEEN.add("deferTick", p));
        perTick("singleton map", b.count().map(n -> n * 10).intoStream(), list);
        perTick("orElse", b.filter(x -> x < 0).max(Comparator.naturalOrder()).orElse(-1).intoStream(), list);
        perTick("optional map filter", b.max(Comparator.naturalOrder()).map(x -> x * 2).filter(x -> x % 4 == 0)
                .intoStream(), list);
        perTick("keyed values", b.keyBy(x -> x % 2).filterKeys(k -> k == 1).mapValues(x -> x * 3).values(), list);
        perTick("keyed singleton", b.keyBy(x -> x % 5).count().filterKeys(k -> k < 2).mapValues(n -> n + 1000)
                .entries(), list);

        // a tick cycle: the running total, fed from each tick to the next
        ForwardRef<ProcessStream<Long, Leader>> total = leader.cycle(tick);
        ProcessSingleton<Long, Leader> now = total.stream().chain(b.map(x -> (long) x))
                .foldCommutative(() -> 0L, Long::sum);
        total.complete(now.intoStream());
        list.intoStream().crossSingleton(now).allTicks().forEach(p -> SEEN.add("cycle", p));

        // top level: singletons that keep updating, read by sampling (the last sample is final)
        ProcessStream<Integer, Leader> all = leader.sourceIter(range(0, N));
        all.foldCommutative(() -> 0L, (s, x) -> s + x).sampleEvery(Duration.ofMillis(20))
           .forEach(v -> SEEN.add("top fold", v));
        all.count().sampleEvery(Duration.ofMillis(20)).forEach(v -> SEEN.add("top count", v));
        all.count().atEnd().forEach(v -> SEEN.add("atEnd count", v));
        leader.sourceIter(List.<Integer>of()).fold(() -> 7, Integer::sum).atEnd().forEach(v -> SEEN.add("atEnd empty fold", v));
        leader.sourceIter(List.<Integer>of()).max(Comparator.naturalOrder()).atEnd()
              .forEach(v -> SEEN.add("atEnd empty max", v));
        all.min(Comparator.naturalOrder()).sampleEvery(Duration.ofMillis(20)).forEach(v -> SEEN.add("top min", v));
        all.last().sampleEvery(Duration.ofMillis(20)).forEach(v -> SEEN.add("top last", v));
        all.keyBy(x -> x % 4).count().sampleEvery(Duration.ofMillis(20)).forEach(kv -> SEEN.add("top keyed", kv));
        all.filter(x -> x < 50).keyBy(x -> x % 5)
           .join(leader.sourceIter(range(100, 110)).keyBy(x -> x % 5))
           .entries().forEach(kv -> SEEN.add("top join", kv));
        all.map(x -> x % 3).unique().forEach(x -> SEEN.add("top unique", x));
        all.filter(x -> x < 4).scan(() -> "", (s, x) -> s + x).forEach(s -> SEEN.add("top scan", s));
        b.count().latest().sampleEvery(Duration.ofMillis(20)).forEach(v -> SEEN.add("latest", v));
        leader.sourceIter(List.of(1, 2)).crossProduct(leader.sourceIter(List.of("a", "b")))
              .forEach(p -> SEEN.add("top crossProduct", p));

        // snapshots of live top-level singletons, in a tick of their own
        Tick<Process<Leader>> sampling = leader.tick();
        ProcessStream<Integer, Leader> trigger = all.batch(sampling);
        trigger.count().intoStream().crossSingleton(all.count().snapshot(sampling)).allTicks()
               .forEach(p -> SEEN.add("snapshot", p.second()));
        all.keyBy(x -> x % 3).count().snapshot(sampling).entries().allTicks().forEach(kv -> SEEN.add("keyed snapshot", kv));
        all.min(Comparator.naturalOrder()).snapshot(sampling).intoStream().allTicks()
           .forEach(v -> SEEN.add("optional snapshot", v));
        all.keyBy(x -> x % 2).batch(sampling).allTicks().entries().forEach(kv -> SEEN.add("keyed batch", kv));
        b.max(Comparator.naturalOrder()).latest().sampleEvery(Duration.ofMillis(20)).forEach(v -> SEEN.add("optional latest", v));
        list.intoStream().crossSingleton(b.max(Comparator.naturalOrder()).deferTick()).allTicks()
            .forEach(p -> SEEN.add("optional deferTick", p));
        perTick("keyed singleton as keyed stream", b.keyBy(x -> x % 5).count().intoKeyed().filter(n -> n > 0).keys(), list);

        // ticks on every member of a cluster
        Tick<Cluster<Worker>> workerTick = workers.tick();
        leader.sourceIter(range(0, N)).roundRobin(workers).batch(workerTick).count().intoStream().allTicks()
              .sendAnonymous(leader).foldCommutative(() -> 0L, Long::sum).sampleEvery(Duration.ofMillis(20))
              .forEach(v -> SEEN.add("cluster ticks", v));

        // final per-key counts on the workers, once each, when their input ends
        leader.sourceIter(range(0, N)).roundRobin(workers).keyBy(x -> x % 10).count().atEnd()
              .sendAnonymous(leader).forEach(kv -> SEEN.add("cluster atEnd", kv));

        // small batches and credit windows, so that the source arrives over many ticks
        run = FlowRun.of(flow).config("sluice.channel.window = 4\nsluice.batch.max-elements = 1024")
                .process(leader).cluster(workers, WORKERS).start();
        run.awaitCompletion(Duration.ofSeconds(90));
    }

    @AfterAll
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<List<Integer>> lists() {
        return SEEN.get("lists").stream().map(l -> (List<Integer>) l).toList();
    }

    /**
     * {@code name}'s outputs grouped by the batch of their tick, in order; every batch present.
     * Batches are told apart by identity: the list a tick's collectList made is the very object
     * its results were paired with (elements are passed by reference within a member).
     */
    @SuppressWarnings("unchecked")
    private static Map<List<Integer>, List<Object>> byTick(String name) {
        Map<List<Integer>, List<Object>> out = new IdentityHashMap<>();
        lists().forEach(l -> out.put(l, new ArrayList<>()));
        for (Object o : SEEN.get(name)) {
            Pair<Object, List<Integer>> p = (Pair<Object, List<Integer>>) o;
            assertTrue(out.containsKey(p.second()), name + ": a result was paired with a batch no tick had");
            out.get(p.second()).add(p.first());
        }
        return out;
    }

    private static void eachTick(String name, Function<List<Integer>, List<?>> expected) {
        byTick(name).forEach((batch, outputs) ->
                assertEquals(expected.apply(batch), outputs, name + " of a tick of " + batch.size() + " elements"));
    }

    @Test
    void theTicksSplitTheStreamInOrderWithoutLossAndThereAreSeveral() {
        List<Integer> concatenated = lists().stream().flatMap(List::stream).toList();
        assertEquals(range(0, N), concatenated);
        assertTrue(lists().size() >= 10, "expected the source to arrive over many ticks, got " + lists().size());
        assertFalse(lists().stream().anyMatch(List::isEmpty), "a tick of this flow only runs when data arrived");
    }

    @Test
    void aggregatesSeeExactlyTheirTicksBatch() {
        eachTick("count", l -> List.of((long) l.size()));
        eachTick("fold", l -> List.of(l.stream().mapToLong(x -> x).sum()));
        eachTick("max", l -> List.of(Collections.max(l)));
        eachTick("first", l -> List.of(l.get(0)));
        eachTick("last", l -> List.of(l.get(l.size() - 1)));
    }

    @Test
    void elementOperatorsRestartEveryTick() {
        eachTick("sort", l -> l.stream().sorted(Comparator.reverseOrder()).toList());
        eachTick("unique", l -> l.stream().map(x -> x % 7).distinct().toList());
        eachTick("enumerate", l -> IntStream.range(0, l.size()).mapToObj(i -> KV.of((long) i, l.get(i))).toList());
        eachTick("scan", l -> {
            List<Long> sums = new ArrayList<>();
            long s = 0;
            for (int x : l) {
                s += x;
                sums.add(s);
            }
            return sums;
        });
        eachTick("chain", l -> {
            List<Integer> out = new ArrayList<>(l.stream().filter(x -> x % 2 == 1).toList());
            out.addAll(l.stream().filter(x -> x % 2 == 0).toList());
            return out;
        });
        eachTick("partition yes", l -> l.stream().filter(x -> x % 3 == 0).toList());
        eachTick("partition no", l -> l.stream().filter(x -> x % 3 != 0).toList());
    }

    @Test
    void singletonsOptionalsAndKeyedViewsWorkPerTick() {
        eachTick("singleton map", l -> List.of(l.size() * 10L));
        eachTick("orElse", l -> List.of(-1));
        eachTick("optional map filter", l -> Collections.max(l) * 2 % 4 == 0 ? List.of(Collections.max(l) * 2) : List.of());
        eachTick("keyed values", l -> l.stream().filter(x -> x % 2 == 1).map(x -> x * 3).toList());
        byTick("keyed singleton").forEach((batch, out) -> {
            Map<Object, Object> expected = new TreeMap<>();
            batch.stream().filter(x -> x % 5 < 2).collect(Collectors.groupingBy(x -> x % 5, Collectors.counting()))
                    .forEach((k, n) -> expected.put(k, n + 1000));
            Map<Object, Object> actual = new TreeMap<>();
            out.forEach(o -> actual.put(((KV<?, ?>) o).key(), ((KV<?, ?>) o).value()));
            assertEquals(expected, actual);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void optionalsAndKeyedStreamsEnterAndLeaveTicks() {
        assertFalse(SEEN.get("optional snapshot").isEmpty());
        assertTrue(SEEN.get("optional snapshot").stream().allMatch(v -> v.equals(0)), "the least element is 0 once present");
        assertEquals(N, SEEN.get("keyed batch").size(), "a keyed stream through a tick loses nothing");
        assertEquals(N - 1, last("optional latest"));
        Map<List<Integer>, Object> previousMax = new IdentityHashMap<>();
        for (Object o : SEEN.get("optional deferTick")) {
            Pair<?, ?> p = (Pair<?, ?>) o;
            previousMax.put((List<Integer>) p.first(), p.second());
        }
        List<List<Integer>> ticks = lists();
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(i == 0 ? null : Collections.max(ticks.get(i - 1)), previousMax.get(ticks.get(i)), "deferTick");
        }
        eachTick("keyed singleton as keyed stream", l -> l.stream().map(x -> x % 5).distinct().toList());
    }

    @Test
    void snapshotsReadTheLatestValueOfALiveSingletonEveryTick() {
        List<Object> values = SEEN.get("snapshot");
        assertFalse(values.isEmpty());
        for (int i = 1; i < values.size(); i++) {
            assertTrue((Long) values.get(i) >= (Long) values.get(i - 1), "a count never goes back: " + values);
        }
        // A snapshot that changed opens a tick of its own: the last tick reads the final count.
        assertEquals((long) N, values.get(values.size() - 1), "the last snapshot is the final count");
        Map<Object, Long> perKey = new HashMap<>();
        for (Object o : SEEN.get("keyed snapshot")) {
            KV<?, ?> kv = (KV<?, ?>) o;
            long n = (Long) kv.value();
            assertTrue(n >= perKey.getOrDefault(kv.key(), 0L) && n <= N / 3 + 1, "keyed snapshot " + kv);
            perKey.put(kv.key(), n);
        }
        Map<Object, Long> finalCounts = new HashMap<>();
        for (int k = 0; k < 3; k++) {
            finalCounts.put(k, (long) (N - k + 2) / 3);
        }
        assertEquals(finalCounts, perKey, "the last keyed snapshot holds every key's final count");
        assertEquals(Set.of(Pair.of(1, "a"), Pair.of(1, "b"), Pair.of(2, "a"), Pair.of(2, "b")),
                new HashSet<>(SEEN.get("top crossProduct")));
    }

    @Test
    void keyedOperatorsWorkPerTick() {
        byTick("keyedCount").forEach((batch, out) -> {
            Map<Object, Object> expected = new TreeMap<>(
                    batch.stream().collect(Collectors.groupingBy(x -> x % 5, Collectors.counting())));
            Map<Object, Object> actual = new TreeMap<>();
            out.forEach(o -> actual.put(((KV<?, ?>) o).key(), ((KV<?, ?>) o).value()));
            assertEquals(expected, actual);
            assertEquals(expected.size(), out.size(), "one count per key");
        });
        byTick("join").forEach((batch, out) -> {
            Set<Object> expected = new HashSet<>();
            Map<Integer, List<Integer>> byKey = batch.stream().collect(Collectors.groupingBy(x -> x % 5000));
            byKey.forEach((k, xs) -> xs.forEach(a -> xs.forEach(c -> expected.add(KV.of(k, Pair.of(a, -c))))));
            assertEquals(expected.size(), out.size(), "join pairs in a tick of " + batch.size());
            assertEquals(expected, new HashSet<>(out));
        });
        eachTick("antiJoin", l -> {
            Set<Integer> blocked = l.stream().filter(x -> x % 4 == 0).map(x -> x % 10).collect(Collectors.toSet());
            return l.stream().filter(x -> !blocked.contains(x % 10)).map(x -> KV.of(x % 10, x)).toList();
        });
        byTick("crossProduct").forEach((batch, out) -> {
            Set<Object> expected = new HashSet<>();
            batch.stream().filter(x -> x % 1000 == 0).forEach(a -> batch.stream().filter(x -> x % 1000 == 1)
                    .forEach(c -> expected.add(Pair.of(a, c))));
            assertEquals(expected, new HashSet<>(out));
        });
    }

    @Test
    void stateCrossesTicksOnlyThroughPersistDeferAndCycles() {
        List<List<Integer>> ticks = lists();
        Map<List<Integer>, List<Object>> persist = byTick("persist");
        Map<List<Integer>, List<Object>> cycle = new IdentityHashMap<>();
        for (Object o : SEEN.get("cycle")) {
            Pair<?, ?> p = (Pair<?, ?>) o;
            cycle.put((List<Integer>) p.first(), List.of(p.second()));
        }
        Map<List<Integer>, Object> previousCount = new IdentityHashMap<>();
        for (Object o : SEEN.get("deferTick")) {
            Pair<?, ?> p = (Pair<?, ?>) o;
            previousCount.put((List<Integer>) p.first(), p.second());
        }
        long seenSoFar = 0;
        long sumSoFar = 0;
        for (int i = 0; i < ticks.size(); i++) {
            List<Integer> l = ticks.get(i);
            seenSoFar += l.size();
            sumSoFar += l.stream().mapToLong(x -> x).sum();
            assertEquals(List.of(seenSoFar), persist.get(l), "persist: every element so far");
            assertEquals(List.of(sumSoFar), cycle.get(l), "cycle: the running total");
            assertEquals(i == 0 ? null : (long) ticks.get(i - 1).size(), previousCount.get(l), "deferTick");
        }
    }

    @Test
    void topLevelSingletonsEndWithTheValueOfTheWholeStream() {
        assertEquals((long) N * (N - 1) / 2, last("top fold"));
        assertEquals((long) N, last("top count"));
        assertEquals(0, last("top min"));
        assertEquals(N - 1, last("top last"));
        assertEquals((long) lists().get(lists().size() - 1).size(), last("latest"));
        assertEquals((long) N, last("cluster ticks"), "every worker's ticks together saw every element once");
        Map<Object, Object> keyed = new HashMap<>();
        SEEN.get("top keyed").forEach(o -> keyed.put(((KV<?, ?>) o).key(), ((KV<?, ?>) o).value()));
        assertEquals(Map.of(0, (long) N / 4, 1, (long) N / 4, 2, (long) N / 4, 3, (long) N / 4), keyed);
    }

    @Test
    void atEndGivesTheFinalValueOnceWhenTheInputEnds() {
        assertEquals(List.of((long) N), SEEN.get("atEnd count"));
        assertEquals(List.of(7), SEEN.get("atEnd empty fold"), "a fold of nothing ends with its initial value");
        assertEquals(List.of(), SEEN.get("atEnd empty max"), "a reduce of nothing has no value");
        Map<Object, Object> perKey = new TreeMap<>();
        for (Object o : SEEN.get("cluster atEnd")) {
            KV<?, ?> kv = (KV<?, ?>) o;
            assertEquals(null, perKey.put(kv.key(), kv.value()), "key " + kv.key() + " came twice");
        }
        Map<Object, Object> expected = new TreeMap<>();
        IntStream.range(0, 10).forEach(k -> expected.put(k, (long) N / 10));
        assertEquals(expected, perKey, "each worker's final count of each of its keys, once");
    }

    @Test
    void topLevelOperatorsKeepTheirState() {
        Set<Object> expected = new HashSet<>();
        for (int a = 0; a < 50; a++) {
            for (int c = 100; c < 110; c++) {
                if (a % 5 == c % 5) {
                    expected.add(KV.of(a % 5, Pair.of(a, c)));
                }
            }
        }
        assertEquals(expected.size(), SEEN.get("top join").size());
        assertEquals(expected, new HashSet<>(SEEN.get("top join")));
        assertEquals(List.of(0, 1, 2), SEEN.get("top unique"));
        assertEquals(List.of("0", "01", "012", "0123"), SEEN.get("top scan"));
    }

    private static Object last(String name) {
        List<Object> values = SEEN.get(name);
        assertFalse(values.isEmpty(), name + " emitted nothing");
        return values.get(values.size() - 1);
    }
}
