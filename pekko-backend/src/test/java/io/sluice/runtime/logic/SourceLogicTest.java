package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.Node;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A sourceIter's logic: the member's own iterator, read in the rounds its operator pulls. */
class SourceLogicTest {

    static final class P {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<P> p = flow.process(P.class);

    @Test
    void eachRoundEmitsAtMostItsSizeInOrderUntilTheItemsAreExhausted() {
        p.sourceIter(List.of(1, 2, 3, 4, 5)).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.SourceIter.class).start();
        assertTrue(d.logic().isPulled());
        assertEquals(List.of(1, 2), d.pull(2).take());
        assertFalse(d.logic().isExhausted());
        assertFalse(d.logic().isQuiet(), "an unfinished source will emit without input");
        assertEquals(List.of(3, 4, 5), d.pull(10).take());
        assertTrue(d.logic().isExhausted());
        assertTrue(d.logic().isQuiet());
    }

    @Test
    void aSourceOfNothingIsExhaustedAfterItsFirstRound() {
        p.sourceIter(List.<Integer>of()).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.SourceIter.class).start();
        assertFalse(d.logic().isExhausted(), "not before it looked");
        assertEquals(List.of(), d.pull(8).take());
        assertTrue(d.logic().isExhausted());
    }

    @Test
    void theIteratorIsMadeWhenTheFlowStartsOncePerLogic() {
        AtomicInteger made = new AtomicInteger();
        Iterable<Integer> items = () -> {
            made.incrementAndGet();
            return List.of(7).iterator();
        };
        p.sourceIter(items).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.SourceIter.class);
        assertEquals(0, made.get(), "building the logic reads nothing");
        assertEquals(List.of(7), d.start().pull(8).take());
        assertEquals(1, made.get());
    }

    @Test
    void aRoundGoesOutBeforeTheIteratorIsAskedForMore() {
        AtomicReference<LogicDriver> driver = new AtomicReference<>();
        List<Integer> unflushedWhenAsked = new ArrayList<>();
        Iterable<Integer> items = () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next == 2) {
                    unflushedWhenAsked.add(driver.get().unflushed());
                }
                return next < 3;
            }

            @Override
            public Integer next() {
                return next++;
            }
        };
        p.sourceIter(items).forEach(x -> { });
        driver.set(LogicDriver.of(flow.build(), Node.SourceIter.class).start());
        assertEquals(List.of(0, 1), driver.get().pull(2).take());
        assertEquals(List.of(0), unflushedWhenAsked, "the round of two was flushed before hasNext()");
    }

    @Test
    void aSlowIteratorsRoundEndsWithWhatIsReadyInsteadOfAFullRound() {
        Iterable<Integer> slow = () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < 100;
            }

            @Override
            public Integer next() {
                try {
                    Thread.sleep(5); // longer than a round may take, so each element ends its round
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return next++;
            }
        };
        p.sourceIter(slow).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.SourceIter.class).start();
        assertEquals(List.of(0), d.pull(100).take());
        assertEquals(List.of(1), d.pull(100).take());
        assertFalse(d.logic().isExhausted());
    }
}
