package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.MembershipEvent;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Operators driven by time or by the cluster, on the driver's clock and timer. */
class TimeLogicTest {

    static final class P {
    }

    static final class W {
    }

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<P> p = flow.process(P.class);

    @Test
    void aTimeoutFiresOncePerSilenceAndIsArmedAgainByTheNextElement() {
        p.sourceIter(List.<Integer>of()).timeout(Duration.ofSeconds(10)).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.Timeout.class).start();
        assertEquals(Optional.of(Duration.ofMillis(2500)), d.logic().timerPeriod(), "a quarter of the silence");
        assertEquals(List.of(), d.advance(Duration.ofSeconds(9)).timer().take());
        assertFalse(d.logic().isQuiet(), "an armed timeout will emit without input");
        List<Object> fired = d.advance(Duration.ofSeconds(1)).timer().take();
        assertEquals(1, fired.size());
        assertInstanceOf(Instant.class, fired.get(0));
        assertEquals(List.of(), d.advance(Duration.ofSeconds(30)).timer().timer().take(), "once per silence");
        assertTrue(d.logic().isQuiet());

        assertEquals(List.of(), d.batch().advance(Duration.ofSeconds(30)).timer().take(),
                "an empty batch is no element");
        assertEquals(List.of(), d.batch(1).advance(Duration.ofSeconds(5)).timer().take(), "an element re-arms it");
        assertEquals(List.of(), d.batch(2).advance(Duration.ofSeconds(9)).timer().take(), "and restarts the silence");
        assertEquals(1, d.advance(Duration.ofSeconds(1)).timer().take().size());
    }

    @Test
    void aKeyedSampleEmitsEachKeysLatestValueAtAPeriodWhenSomethingChangedAndOnceMoreAtTheEnd() {
        p.sourceIter(List.<KV<String, Integer>>of()).<String, Integer>intoKeyed().reduce(Integer::sum)
                .sampleEvery(Duration.ofMillis(100)).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.SampleEvery.class);
        assertEquals(Optional.of(Duration.ofMillis(100)), d.logic().timerPeriod());
        assertEquals(List.of(), d.timer().take(), "nothing yet");
        d.batch(KV.of("a", 1), KV.of("b", 2)).batch(KV.of("a", 3));
        assertFalse(d.logic().isQuiet());
        assertEquals(List.of(KV.of("a", 3), KV.of("b", 2)), d.timer().take());
        assertEquals(List.of(), d.timer().take(), "nothing changed");
        assertTrue(d.logic().isQuiet());
        assertEquals(List.of(KV.of("a", 4), KV.of("b", 2)), d.batch(KV.of("a", 4)).complete().take());
    }

    @Test
    void atEndEmitsNothingWhileItsInputRunsThenEveryKeysFinalValueOnce() {
        p.sourceIter(List.<KV<String, Integer>>of()).<String, Integer>intoKeyed().reduce(Integer::sum)
                .atEnd().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.AtEnd.class);
        assertEquals(Optional.empty(), d.logic().timerPeriod(), "no timer");
        assertEquals(List.of(), d.batch(KV.of("a", 1), KV.of("b", 2)).batch(KV.of("a", 3)).take());
        assertTrue(d.logic().isQuiet(), "what it holds goes out at the end, which a loop must be able to reach");
        assertEquals(List.of(KV.of("a", 3), KV.of("b", 2)), d.complete().take());
    }

    @Test
    void atEndOfAnInputThatEndedEmptyEmitsNothing() {
        p.sourceIter(List.<Integer>of()).max(Integer::compare).atEnd().forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.AtEnd.class);
        assertEquals(List.of(), d.complete().take());
    }

    @Test
    void anIntervalEmitsAnInstantAtEveryTimerAndIsNeverQuiet() {
        p.sourceInterval(Duration.ofMillis(50)).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.SourceInterval.class).start();
        assertEquals(Optional.of(Duration.ofMillis(50)), d.logic().timerPeriod());
        assertEquals(List.of(), d.take());
        List<Object> out = d.timer().timer().take();
        assertEquals(2, out.size());
        out.forEach(x -> assertInstanceOf(Instant.class, x));
        assertFalse(d.logic().isQuiet());
        assertFalse(d.logic().isExhausted(), "it runs until the flow is stopped");
    }

    @Test
    void clusterMembersReportsEveryMemberJoinedAtStartThenEachDepartureAndEndsWhenItsClusterSettles() {
        Cluster<W> workers = flow.cluster(W.class);
        p.sourceClusterMembers(workers).forEach(x -> { });
        LogicDriver d = LogicDriver.of(flow.build(), Node.ClusterMembers.class, List.of(1, 3));
        d.memberLeft(1, 2).memberLeft(0, 0);
        assertEquals(List.of(), d.take(), "nothing before the start");
        assertEquals(List.of(joined(0), joined(1), joined(2), left(2)), d.start().take(),
                "a member that left before the start is reported just after its join; another location's is not");
        assertEquals(List.of(left(0)), d.memberLeft(1, 0).take());
        d.clusterSettled(0);
        assertFalse(d.logic().isExhausted(), "another location settled");
        d.clusterSettled(1);
        assertTrue(d.logic().isExhausted());
    }

    private static MembershipEvent<Object> joined(int member) {
        return new MembershipEvent<>(MemberId.of(member), MembershipEvent.Change.JOINED);
    }

    private static MembershipEvent<Object> left(int member) {
        return new MembershipEvent<>(MemberId.of(member), MembershipEvent.Change.LEFT);
    }
}
