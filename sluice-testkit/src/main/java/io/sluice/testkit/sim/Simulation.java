package io.sluice.testkit.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Runs a test's flow in the deterministic simulator, over many schedules: Hydro's
 * {@code flow.sim()}. The flow runs with the backend's own plan and operator logic, every member
 * in the test's thread; a scheduler takes every choice the real network would (see
 * {@code docs/simulation.md}). Three modes:
 *
 * <ul>
 *   <li>{@link #exhaustive()}: every distinct schedule, depth first; for small inputs. Fails with
 *       a clear message when there are more than {@link #maxSchedules(int)}.</li>
 *   <li>{@link #fuzz(int)}: seeded random schedules; a failure reports its seed.</li>
 *   <li>{@link #replay(long)} / {@link #replay(String)}: one run, exactly as it ran before, trace
 *       included.</li>
 * </ul>
 *
 * <pre>{@code
 * Simulation.fuzz(1_000).run(sim -> {
 *     FlowBuilder flow = new FlowBuilder();
 *     Process<Node> node = flow.process(Node.class);
 *     SimInput<Integer, Node> in = sim.input(node);
 *     SimOutput<Integer> out = sim.output(in.stream().map(x -> x + 1));
 *     flow.withProcess(node, sim.host()).deploy(sim);
 *     in.sendAll(1, 2);
 *     out.assertYieldsOnly(2, 3);
 * });
 * }</pre>
 *
 * A failing run throws {@link SimulationFailure}, whose message holds the seed or schedule to
 * replay it and the run's trace. Settings are immutable: each returns a new simulation.
 */
public final class Simulation {

    /** The base seed of {@code fuzz} unless {@link #seed(long)} sets another: runs are the same on every machine. */
    public static final long DEFAULT_SEED = 0x5117_CE5E_EDL;

    private sealed interface Mode permits Exhaustive, Fuzz, ReplaySeed, ReplaySchedule {
    }

    private record Exhaustive() implements Mode {
    }

    private record Fuzz(int runs) implements Mode {
    }

    private record ReplaySeed(long seed) implements Mode {
    }

    private record ReplaySchedule(String schedule) implements Mode {
    }

    private final Mode mode;
    private final long seed;
    private final int maxSchedules;
    private final long maxSteps;
    private final Duration maxDelay;
    private final Duration timeLimit;

    private Simulation(Mode mode, long seed, int maxSchedules, long maxSteps, Duration maxDelay, Duration timeLimit) {
        this.mode = mode;
        this.seed = seed;
        this.maxSchedules = maxSchedules;
        this.maxSteps = maxSteps;
        this.maxDelay = maxDelay;
        this.timeLimit = timeLimit;
    }

    private static Simulation of(Mode mode) {
        return new Simulation(mode, DEFAULT_SEED, 100_000, 1_000_000, Duration.ZERO, Duration.ofDays(1));
    }

    /**
     * Every distinct schedule, depth first.
     *
     * <pre>{@code
     * Simulation.exhaustive().run(body);
     * }</pre>
     *
     * @return a simulation that explores them all (at most {@link #maxSchedules(int)}, 100,000 by default)
     */
    public static Simulation exhaustive() {
        return of(new Exhaustive());
    }

    /**
     * {@code runs} random schedules, each from its own seed, derived from {@link #seed(long)}.
     *
     * <pre>{@code
     * Simulation.fuzz(1_000).run(body);
     * }</pre>
     *
     * @param runs how many; positive
     * @return a simulation of that many runs
     */
    public static Simulation fuzz(int runs) {
        if (runs <= 0) {
            throw new IllegalArgumentException("fuzz(" + runs + "): the number of runs must be positive");
        }
        return of(new Fuzz(runs));
    }

    /**
     * The run of a failed {@code fuzz}, from its seed: the same choices, the same trace.
     *
     * <pre>{@code
     * Simulation.replay(0x3a4f0c1d2e5b6a79L).run(body);
     * }</pre>
     *
     * @param seed the seed a {@link SimulationFailure} reported
     * @return a simulation of that one run
     */
    public static Simulation replay(long seed) {
        return of(new ReplaySeed(seed));
    }

    /**
     * The run of a given schedule (as a {@link SimulationFailure} of any mode reports it): the
     * choices' indexes joined by dots; choices past its end take the first option.
     *
     * <pre>{@code
     * Simulation.replay("0.2.1").run(body);
     * }</pre>
     *
     * @param schedule e.g. {@code "0.2.1"}
     * @return a simulation of that one run
     */
    public static Simulation replay(String schedule) {
        Chooser.Path.parse(Objects.requireNonNull(schedule, "schedule"));
        return of(new ReplaySchedule(schedule));
    }

    /**
     * The base seed of {@code fuzz}'s runs (by default {@link #DEFAULT_SEED}).
     *
     * @param seed any value
     * @return this simulation with that base seed
     */
    public Simulation seed(long seed) {
        return new Simulation(mode, seed, maxSchedules, maxSteps, maxDelay, timeLimit);
    }

    /**
     * How many schedules {@code exhaustive} may explore before it gives up (100,000 by default).
     *
     * @param max positive
     * @return this simulation with that bound
     */
    public Simulation maxSchedules(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("maxSchedules(" + max + "): must be positive");
        }
        return new Simulation(mode, seed, max, maxSteps, maxDelay, timeLimit);
    }

    /**
     * How many steps one run may take (1,000,000 by default): a run that takes more fails, which
     * catches a flow that never settles.
     *
     * @param max positive
     * @return this simulation with that bound
     */
    public Simulation maxSteps(long max) {
        if (max <= 0) {
            throw new IllegalArgumentException("maxSteps(" + max + "): must be positive");
        }
        return new Simulation(mode, seed, maxSchedules, max, maxDelay, timeLimit);
    }

    /**
     * How long, in virtual time, a message may stay in flight (and a tick with data wait to open)
     * while timers fire. By default zero: timers fire only when nothing is in flight. With a delay,
     * the simulation also explores messages that arrive late relative to timeouts and samples.
     *
     * @param delay not negative
     * @return this simulation with that delivery delay
     */
    public Simulation maxDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("maxDelay(" + delay + "): must not be negative");
        }
        return new Simulation(mode, seed, maxSchedules, maxSteps, delay, timeLimit);
    }

    /**
     * How far virtual time may move while an output waits for elements (one day by default).
     *
     * @param limit positive
     * @return this simulation with that limit
     */
    public Simulation timeLimit(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeLimit(" + limit + "): must be positive");
        }
        return new Simulation(mode, seed, maxSchedules, maxSteps, maxDelay, limit);
    }

    /**
     * Runs {@code body} once per schedule of this simulation's mode.
     *
     * @param body builds, deploys and drives the flow of one run
     * @return how many runs passed (all of them)
     * @throws SimulationFailure     on the first run that fails, with how to replay it and its trace
     * @throws IllegalStateException when {@code exhaustive} finds more than {@link #maxSchedules(int)} schedules
     */
    public int run(SimBody body) {
        Objects.requireNonNull(body, "body");
        ConsoleRouter console = ConsoleRouter.install();
        try {
            if (mode instanceof Fuzz f) {
                return fuzz(body, console, f.runs());
            }
            if (mode instanceof ReplaySeed r) {
                once(body, console, new Chooser.Seeded(r.seed()), 1, OptionalLong.of(r.seed()), "replay");
                return 1;
            }
            if (mode instanceof ReplaySchedule r) {
                once(body, console, Chooser.Path.parse(r.schedule()), 1, OptionalLong.empty(), "replay");
                return 1;
            }
            return exhaustive(body, console);
        } finally {
            console.uninstall();
        }
    }

    private int fuzz(SimBody body, ConsoleRouter console, int runs) {
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 1; i <= runs; i++) {
            long s = seeds.nextLong();
            once(body, console, new Chooser.Seeded(s), i, OptionalLong.of(s), "fuzz(" + runs + ")");
        }
        return runs;
    }

    private int exhaustive(SimBody body, ConsoleRouter console) {
        int[] prefix = new int[0];
        int deepest = 0;
        for (int run = 1; ; run++) {
            if (run > maxSchedules) {
                throw new IllegalStateException("exhaustive(): the flow has more than " + maxSchedules
                        + " schedules (the deepest run so far made " + deepest + " choices); give the test smaller "
                        + "inputs or fewer members, raise maxSchedules(n), or use fuzz(runs)");
            }
            Chooser.Path path = new Chooser.Path(prefix);
            once(body, console, path, run, OptionalLong.empty(), "exhaustive()");
            deepest = Math.max(deepest, path.depth());
            Optional<int[]> next = path.next();
            if (next.isEmpty()) {
                return run;
            }
            prefix = next.get();
        }
    }

    private void once(SimBody body, ConsoleRouter console, Chooser chooser, int run, OptionalLong runSeed, String what) {
        Sim sim = new Sim(new Engine.Limits(maxDelay.toNanos(), timeLimit.toNanos(), maxSteps), chooser);
        console.target(sim.consoleTarget());
        Throwable failure = null;
        try {
            body.run(sim);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) {
            failure = e;
        } finally {
            console.target(null);
        }
        if (failure == null) {
            return;
        }
        sim.traceLog().note("failed: " + failure);
        String schedule = chooser.schedule();
        String replay = runSeed.isPresent() ? String.format("Simulation.replay(0x%xL)", runSeed.getAsLong())
                : "Simulation.replay(\"" + schedule + "\")";
        String message = what + ": run " + run + " failed"
                + (runSeed.isPresent() ? String.format(", seed 0x%xL", runSeed.getAsLong()) : "")
                + ", schedule \"" + schedule + "\"\n"
                + "  reproduce it with " + replay + ".run(...)\n"
                + "  cause: " + failure + "\n"
                + "trace of the failing run (" + chooser.depth() + " choices):\n" + sim.trace();
        throw new SimulationFailure(message, failure, run, runSeed, schedule, sim.trace());
    }
}
