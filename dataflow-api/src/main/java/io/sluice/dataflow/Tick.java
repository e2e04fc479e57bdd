package io.sluice.dataflow;

/**
 * A clock of one location (Hydro's {@code Tick<L>}): the member runs the operators of a tick
 * one tick after the other, each on a bounded batch. {@code stream.batch(tick)} takes, each tick,
 * what arrived since the previous one; {@code allTicks()} and {@code latest()} leave the tick.
 *
 * <p>Ticks are per member and atomic: a tick starts when new data waits at one of its
 * {@code batch}/{@code snapshot} points, every operator of the tick sees exactly that tick's
 * batch, and the next tick starts only when every operator of this one has finished. State
 * crosses ticks only through {@code deferTick()}, {@code persist()} and tick cycles
 * ({@link Process#cycle(Tick)}).
 *
 * <pre>{@code
 * Tick<Process<Leader>> tick = leader.tick();
 * leader.sourceIter(words)
 *       .batch(tick)                // bounded: this tick's words
 *       .count()                    // Singleton<Long, ...> of this tick
 *       .latest()                   // the count of the latest tick, at top level
 *       .sampleEvery(Duration.ofSeconds(1))
 *       .forEach(n -> System.out.println(n + " words in the last tick"));
 * }</pre>
 *
 * @param <L> the location type
 */
public final class Tick<L extends Location> {

    final FlowBuilder flow;
    final int id;
    final L location;

    Tick(FlowBuilder flow, int id, L location) {
        this.flow = flow;
        this.id = id;
        this.location = location;
    }

    /**
     * The location whose clock this is.
     *
     * @return the location this tick belongs to
     */
    public L location() {
        return location;
    }

    /**
     * The tick's id: its index in creation order within its flow.
     *
     * @return the id, from 0, counted over all ticks of the flow
     */
    public int id() {
        return id;
    }

    /** E.g. {@code tick 0 of io.sluice.examples.ComputePi.Worker (cluster 1)}. */
    @Override
    public String toString() {
        return "tick " + id + " of " + location;
    }
}
