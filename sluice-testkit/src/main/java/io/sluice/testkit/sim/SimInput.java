package io.sluice.testkit.sim;

import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.SourceQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Input a test sends into a simulated flow while it runs (Hydro's {@code sim_input}): a
 * {@code sourceQueue} on a process, run by the backend's own source logic. What is sent enters
 * the flow at once; where it goes from there (which tick, in which order with other senders) is
 * the simulation's choice.
 *
 * <pre>{@code
 * SimInput<String, Watcher> beats = sim.input(watcher);
 * SimOutput<Instant> alarms = sim.output(beats.stream().timeout(Duration.ofMinutes(10)));
 * flow.withProcess(watcher, sim.host()).deploy(sim);
 * beats.send("beat");
 * }</pre>
 *
 * @param <T> the element type
 * @param <P> the tag of the process it enters
 */
public final class SimInput<T, P> {

    /** How many elements may wait in the input before the flow starts. */
    static final int CAPACITY = 1 << 16;

    private final Sim sim;
    private final String name;
    private final SourceQueue<T> queue;
    private final ProcessStream<T, P> stream;

    SimInput(Sim sim, String name, SourceQueue<T> queue, ProcessStream<T, P> stream) {
        this.sim = sim;
        this.name = name;
        this.queue = queue;
        this.stream = stream;
    }

    /**
     * The stream the input feeds, to build the flow on.
     *
     * @return a stream on the input's process, in the order elements are sent
     */
    public ProcessStream<T, P> stream() {
        return stream;
    }

    /**
     * Sends one element; its consequences that need no scheduling choice happen now.
     *
     * @param element not null
     * @throws IllegalStateException after {@link #close()}, or when too many elements wait before the start
     */
    public void send(T element) {
        sim.traceLog().input(name, element, sim.virtualNanos());
        CompletionStage<Void> offered = queue.offer(element);
        CompletableFuture<Void> f = offered.toCompletableFuture();
        if (f.isCompletedExceptionally() || !f.isDone()) {
            throw new IllegalStateException(name + ": the input did not take " + element + " ("
                    + (f.isDone() ? "it is closed" : "more than " + CAPACITY + " elements wait for the flow to start")
                    + ")");
        }
        sim.afterInput();
    }

    /**
     * Sends elements in order.
     *
     * @param elements the elements
     */
    @SafeVarargs
    public final void sendAll(T... elements) {
        for (T e : elements) {
            send(e);
        }
    }

    /** Ends the input: the stream completes once what was sent has gone through. */
    public void close() {
        sim.traceLog().note(name + " closed");
        queue.complete();
        sim.afterInput();
    }

    @Override
    public String toString() {
        return name;
    }
}
