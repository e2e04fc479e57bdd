package io.sluice.testkit.sim;

import java.util.OptionalLong;

/**
 * A simulated run failed: the test's assertion, an exception in operator code, or a limit. The
 * message says which run of which mode failed, how to reproduce it
 * ({@code Simulation.replay(seed)} or {@code Simulation.replay("schedule")}), the cause, and the
 * trace of the failing run: every step, with each scheduling choice marked.
 *
 * <pre>{@code
 * SimulationFailure f = assertThrows(SimulationFailure.class, () -> Simulation.fuzz(1_000).run(body));
 * Simulation.replay(f.seed().orElseThrow()).run(body);   // fails again, with the same trace
 * }</pre>
 */
public final class SimulationFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final int run;
    private final long seed;
    private final boolean seeded;
    private final String schedule;
    private final String trace;

    SimulationFailure(String message, Throwable cause, int run, OptionalLong seed, String schedule, String trace) {
        super(message, cause);
        this.run = run;
        this.seed = seed.orElse(0);
        this.seeded = seed.isPresent();
        this.schedule = schedule;
        this.trace = trace;
    }

    /**
     * The failing run's number within its simulation, from 1.
     *
     * @return the run number
     */
    public int run() {
        return run;
    }

    /**
     * The failing run's seed, for {@link Simulation#replay(long)}: present for {@code fuzz} and
     * seeded replays.
     *
     * @return the seed, if the run had one
     */
    public OptionalLong seed() {
        return seeded ? OptionalLong.of(seed) : OptionalLong.empty();
    }

    /**
     * The failing run's schedule, for {@link Simulation#replay(String)}: its choices' indexes
     * joined by dots (always present; empty when the run had no choice to make).
     *
     * @return the schedule
     */
    public String schedule() {
        return schedule;
    }

    /**
     * The failing run's trace: one numbered line per step.
     *
     * @return the trace
     */
    public String trace() {
        return trace;
    }
}
