package io.sluice.runtime.actor;

import io.sluice.runtime.wire.OperatorMessage;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The clock of a tick: one tick at a time, and a broken protocol is reported, not just logged. */
class TickClockTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = LocalTestKit.create();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void opensTheNextTickOnlyWhenEveryTerminalIsDoneAndStopsWhenItsFeederEnded() {
        TestProbe<OperatorMessage> entry = testKit.createTestProbe();
        TestProbe<MemberMessage> member = testKit.createTestProbe();
        ActorRef<TickClock.Message> clock = testKit.spawn(TickClock.create(3, List.of(entry.getRef()), List.of(entry.getRef()), 1, 2,
                member.getRef(), 0));
        clock.tell(new TickClock.Announce());
        entry.expectMessageClass(OperatorControl.OpenTick.class);
        clock.tell(new TickClock.Announce());
        clock.tell(new TickClock.TickDone(1));
        entry.expectNoMessage();
        clock.tell(new TickClock.TickDone(1));
        entry.expectMessageClass(OperatorControl.OpenTick.class);
        clock.tell(new TickClock.EntryEnded());
        clock.tell(new TickClock.TickDone(2));
        clock.tell(new TickClock.TickDone(2));
        entry.expectMessageClass(OperatorControl.StopTicks.class);
        member.expectNoMessage();
    }

    @Test
    void cutsASnapshotOnlyOnceEveryFeederHasTheBarrierAndNoTickRuns() {
        TestProbe<OperatorMessage> first = testKit.createTestProbe();
        TestProbe<OperatorMessage> second = testKit.createTestProbe();
        TestProbe<OperatorMessage> inside = testKit.createTestProbe();
        TestProbe<MemberMessage> member = testKit.createTestProbe();
        List<ActorRef<OperatorMessage>> entries = List.of(first.getRef(), second.getRef());
        ActorRef<TickClock.Message> clock = testKit.spawn(TickClock.create(3, entries,
                List.of(first.getRef(), second.getRef(), inside.getRef()), 2, 1, member.getRef(), 0));
        clock.tell(new TickClock.Announce());
        first.expectMessageClass(OperatorControl.OpenTick.class);
        second.expectMessageClass(OperatorControl.OpenTick.class);
        clock.tell(new TickClock.BarrierReached(7));
        clock.tell(new TickClock.BarrierReached(7));
        inside.expectNoMessage();
        clock.tell(new TickClock.TickDone(1));
        for (TestProbe<OperatorMessage> op : List.of(first, second, inside)) {
            assertEquals(new OperatorControl.TickSnapshot(7), op.receiveMessage());
        }
        clock.tell(new TickClock.BarrierReached(8));
        clock.tell(new TickClock.Announce());
        first.expectMessageClass(OperatorControl.OpenTick.class);
        inside.expectNoMessage();
        member.expectNoMessage();
    }

    @Test
    void aTickReportedDoneWhenNoneRunsIsReportedToTheMember() {
        TestProbe<OperatorMessage> entry = testKit.createTestProbe();
        TestProbe<MemberMessage> member = testKit.createTestProbe();
        ActorRef<TickClock.Message> clock = testKit.spawn(TickClock.create(3, List.of(entry.getRef()), List.of(entry.getRef()), 1, 1,
                member.getRef(), 0));
        clock.tell(new TickClock.TickDone(1));
        MemberMessage.ClockFailed failed = assertInstanceOf(MemberMessage.ClockFailed.class, member.receiveMessage());
        assertEquals(3, failed.tick());
        assertEquals("tick 1 was reported done while tick 0 is over", failed.reason());
        member.expectTerminated(clock);
    }
}
