package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Stream;
import io.sluice.dataflow.ir.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** resolveFutures and resolveFuturesOrdered: values as futures complete, or in input order. */
class FuturesLogicTest {

    static final class P {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<P> p = flow.process(P.class);
    /** The future made for each input element, which the test completes when it likes. */
    private final Map<Integer, CompletableFuture<String>> futures = new HashMap<>();

    private CompletableFuture<String> futureOf(int n) {
        return futures.computeIfAbsent(n, k -> new CompletableFuture<>());
    }

    private LogicDriver started(boolean ordered) {
        if (ordered) {
            p.sourceIter(List.of(1)).resolveFuturesOrdered(this::futureOf).forEach(x -> { });
        } else {
            p.sourceIter(List.of(1)).resolveFutures(this::futureOf).forEach(x -> { });
        }
        return LogicDriver.of(flow.build(), Node.ResolveFutures.class).start();
    }

    @Test
    void theOrderedFormEmitsInInputOrderWhateverOrderTheFuturesCompleteIn() {
        LogicDriver d = started(true);
        d.batch(0, 1, 2);
        futureOf(2).complete("c");
        futureOf(0).complete("a");
        assertEquals(List.of("a"), d.wake().take(), "c waits for b");
        assertTrue(d.logic().holdsEnd());
        futureOf(1).complete("b");
        assertEquals(List.of("b", "c"), d.wake().take());
        assertFalse(d.logic().holdsEnd());
        assertTrue(d.logic().isQuiet());
    }

    @Test
    void theUnorderedFormEmitsInCompletionOrder() {
        LogicDriver d = started(false);
        d.batch(0, 1, 2);
        futureOf(2).complete("c");
        assertEquals(List.of("c"), d.wake().take());
        futureOf(0).complete("a");
        futureOf(1).complete("b");
        assertEquals(List.of("a", "b"), d.wake().take());
    }

    @Test
    void completionsWakeTheOperatorOnceUntilItTakesThem() {
        LogicDriver d = started(false);
        d.batch(0, 1);
        futureOf(0).complete("a");
        futureOf(1).complete("b");
        assertEquals(1, d.wakeups());
        d.wake();
        d.batch(2);
        futureOf(2).complete("c");
        assertEquals(2, d.wakeups());
    }

    @Test
    void atMostTheBoundIsInFlightAndTheRestWaitsWithItsAcks() {
        LogicDriver d = started(false);
        int bound = Stream.MAX_FUTURES_IN_FLIGHT;
        d.batch(IntStream.range(0, bound + 10).boxed().toArray());
        assertEquals(bound, futures.size(), "only the bound is started");
        assertTrue(d.logic().retainsInput());
        futureOf(0).complete("first");
        assertEquals(List.of("first"), d.wake().take());
        assertEquals(bound + 1, futures.size(), "a finished one makes room for the next");
        assertTrue(d.logic().retainsInput());
        for (int i = 1; i <= 10; i++) {
            futureOf(i).complete("x");
        }
        d.wake();
        assertEquals(bound + 10, futures.size());
        assertFalse(d.logic().retainsInput(), "everything is started and below the bound");
        assertTrue(d.logic().holdsEnd());
    }

    @Test
    void aFailedFutureFailsTheOperatorWithTheCause() {
        LogicDriver d = started(true);
        d.batch(0);
        futureOf(0).completeExceptionally(new IllegalStateException("the service is down"));
        IllegalStateException e = assertThrows(IllegalStateException.class, d::wake);
        assertEquals("a future failed: java.lang.IllegalStateException: the service is down", e.getMessage());
        assertEquals("the service is down", e.getCause().getMessage());
    }

    @Test
    void aFutureOfNullFailsTheOperator() {
        LogicDriver d = started(false);
        d.batch(0);
        futureOf(0).complete(null);
        NullPointerException e = assertThrows(NullPointerException.class, d::wake);
        assertTrue(e.getMessage().contains("completed with null"), e.getMessage());
    }

    @Test
    void aFutureThatCompletedBeforeTheStartWakesTheOperatorWhenItStarts() {
        p.sourceIter(List.of(1)).resolveFutures(this::futureOf).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.ResolveFutures.class);
        d.batch(0);
        futureOf(0).complete("early");
        assertEquals(0, d.wakeups());
        d.start();
        assertEquals(1, d.wakeups(), "input handled before the start must not lose its wake-up");
        assertEquals(List.of("early"), d.wake().take());
    }
}
