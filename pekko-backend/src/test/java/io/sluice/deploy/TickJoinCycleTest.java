package io.sluice.deploy;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessKeyedStream;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program that mixes ticks, joins and a cycle gives the same answers as the same logic written
 * sequentially. Events are increments of per-key counters and queries of them; a query's answer
 * is the key's total over every increment before it. The flow keeps the totals of past ticks in
 * a tick cycle, joins each tick's queries with them (and with the tick's own earlier increments),
 * and feeds the new totals to the next tick: its answers cannot depend on where the ticks cut the
 * stream, so they must equal the sequential ones exactly.
 */
class TickJoinCycleTest {

    static final class Leader {
    }

    /** An event: an increment of {@code key} by {@code delta}, or a query of it when {@code query}. */
    record Event(int seq, int key, long delta, boolean query) {
    }

    private static final int EVENTS = 12_000;
    private static final int KEYS = 50;

    private static List<Event> randomEvents(long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int seq = 0; seq < EVENTS; seq++) {
            boolean query = random.nextInt(3) == 0;
            events.add(new Event(seq, random.nextInt(KEYS), query ? 0 : random.nextInt(1000) - 300, query));
        }
        return events;
    }

    private static Map<Integer, Long> sequentialAnswers(List<Event> events) {
        Map<Integer, Long> totals = new HashMap<>();
        Map<Integer, Long> answers = new HashMap<>();
        for (Event e : events) {
            if (e.query()) {
                answers.put(e.seq(), totals.getOrDefault(e.key(), 0L));
            } else {
                totals.merge(e.key(), e.delta(), Long::sum);
            }
        }
        return answers;
    }

    @Test
    void theFlowAnswersEveryQueryAsTheSequentialProgramDoes() {
        List<Event> events = randomEvents(20261125L);
        Map<Integer, Long> answers = new ConcurrentHashMap<>();
        Map<Integer, Integer> answersPerQuery = new ConcurrentHashMap<>();

        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Tick<Process<Leader>> tick = leader.tick();
        ProcessStream<Event, Leader> batch = leader.sourceIter(events).batch(tick);
        ProcessKeyedStream<Integer, Event, Leader> increments = batch.filter(e -> !e.query()).keyBy(Event::key);
        ProcessKeyedStream<Integer, Event, Leader> queries = batch.filter(Event::query).keyBy(Event::key);

        // the totals of every earlier tick, by key
        ForwardRef<ProcessStream<KV<Integer, Long>, Leader>> totals = leader.cycle(tick);
        ProcessKeyedStream<Integer, Long, Leader> before = totals.stream().intoKeyed();

        // each query's answer is the sum of its parts: the key's total before this tick (0 for
        // a key never incremented) and every increment of this tick that came before it
        ProcessStream<KV<Integer, Long>, Leader> fromEarlierTicks = queries.join(before).entries()
                .map(kv -> KV.of(kv.value().first().seq(), kv.value().second()));
        ProcessStream<KV<Integer, Long>, Leader> newKeys = queries.antiJoin(before.keys()).values()
                .map(q -> KV.of(q.seq(), 0L));
        ProcessStream<KV<Integer, Long>, Leader> fromThisTick = queries.join(increments).values()
                .filter(p -> p.second().seq() < p.first().seq())
                .map(p -> KV.of(p.first().seq(), p.second().delta()));
        fromEarlierTicks.union(newKeys).union(fromThisTick)
                .<Integer, Long>intoKeyed()
                .foldCommutative(() -> 0L, Long::sum)
                .entries()
                .allTicks()
                .forEach(kv -> {
                    answers.put(kv.key(), kv.value());
                    answersPerQuery.merge(kv.key(), 1, Integer::sum);
                });

        AtomicInteger ticks = new AtomicInteger();
        batch.count().intoStream().allTicks().forEach(n -> ticks.incrementAndGet());

        // the new totals feed the next tick
        totals.complete(before.entries()
                .union(increments.mapValues(Event::delta).entries())
                .<Integer, Long>intoKeyed()
                .reduceCommutative(Long::sum)
                .entries());

        // small batches and a small credit window: the input arrives over many ticks
        FlowRun.of(flow).config("sluice.channel.window = 2\nsluice.batch.max-elements = 256").process(leader)
               .toCompletion(Duration.ofSeconds(60));
        Map<Integer, Long> expected = sequentialAnswers(events);
        assertTrue(expected.size() > 3_000, "the input has many queries: " + expected.size());
        assertTrue(ticks.get() >= 10, "the input arrived over " + ticks.get() + " ticks only");
        assertEquals(expected, Map.copyOf(answers));
        answersPerQuery.forEach((seq, n) -> assertEquals(1, n, "query " + seq + " was answered once"));
    }
}
