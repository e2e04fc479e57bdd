package io.sluice.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Virtual time: timeouts, intervals and samples over minutes and hours, in milliseconds of wall time. */
class TimeTest {

    static final class Watcher {
    }

    static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    @Test
    void aTenMinuteTimeoutIsTestedInMillisecondsOfWallTime() {
        long start = System.nanoTime();
        Simulation.fuzz(20).run(sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Watcher> watcher = flow.process(Watcher.class);
            SimInput<String, Watcher> beat = sim.input(watcher);
            SimOutput<Instant> alarms = sim.output(beat.stream().timeout(Duration.ofMinutes(10)));
            flow.withProcess(watcher, sim.host()).deploy(sim);

            beat.send("beat");
            sim.advance(Duration.ofMinutes(9));
            beat.send("beat");
            sim.advance(Duration.ofMinutes(9));
            alarms.assertNothingMore();                          // 9 minutes of silence: no alarm

            alarms.assertYields(EPOCH.plus(Duration.ofMinutes(20)));    // waits in virtual time
            assertEquals(EPOCH.plus(Duration.ofMinutes(20)), sim.now());

            beat.send("beat");                                   // once per silence: a beat re-arms it
            sim.advance(Duration.ofHours(1));
            alarms.assertYieldsOnly(EPOCH.plus(Duration.ofMinutes(30)));
        });
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(wallMillis < 1_000, "20 simulated runs of a ten-minute timeout took " + wallMillis + " ms");
    }

    @Test
    void aLateBeatRaisesAFalseAlarmOnceMessagesMayBeDelayed() {
        SimBody beatsEveryNineMinutes = sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Watcher> watcher = flow.process(Watcher.class);
            SimInput<String, Watcher> beat = sim.input(watcher);
            SimOutput<Instant> alarms = sim.output(beat.stream().timeout(Duration.ofMinutes(10)));
            flow.withProcess(watcher, sim.host()).deploy(sim);
            for (int i = 0; i < 6; i++) {
                beat.send("beat " + i);
                sim.advance(Duration.ofMinutes(9));
            }
            assertEquals(List.of(), alarms.unread(), "a false alarm while beats came every 9 minutes");
        };
        assertEquals(200, Simulation.fuzz(200).run(beatsEveryNineMinutes));
        SimulationFailure late = assertThrows(SimulationFailure.class,
                () -> Simulation.fuzz(200).maxDelay(Duration.ofMinutes(2)).run(beatsEveryNineMinutes));
        assertTrue(late.getMessage().contains("a false alarm"), late.getMessage());
        assertTrue(late.trace().contains("timer    Watcher (process 0)  timeout"), late.trace());
    }

    @Test
    void intervalsAndSamplesRunOnVirtualTime() {
        Simulation.exhaustive().run(sim -> {
            FlowBuilder flow = new FlowBuilder();
            Process<Watcher> watcher = flow.process(Watcher.class);
            SimOutput<Long> perMinute = sim.output(watcher.sourceInterval(Duration.ofSeconds(1)).count()
                    .sampleEvery(Duration.ofMinutes(1)));
            flow.withProcess(watcher, sim.host()).deploy(sim);
            sim.advance(Duration.ofHours(1));
            assertEquals(LongStream.rangeClosed(1, 60).map(m -> m * 60).boxed().toList(), perMinute.drain());
        });
    }
}
