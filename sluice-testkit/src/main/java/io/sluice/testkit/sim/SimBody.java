package io.sluice.testkit.sim;

/**
 * One simulated run of a test: builds the flow, deploys it on the {@link Sim}, sends inputs and
 * checks outputs. The simulator calls it once per schedule it explores, so it must do the same
 * thing every time (build the flow inside it, keep no state between calls).
 *
 * <pre>{@code
 * SimBody body = sim -> {
 *     FlowBuilder flow = new FlowBuilder();
 *     Process<Node> node = flow.process(Node.class);
 *     SimInput<Integer, Node> in = sim.input(node);
 *     SimOutput<Integer> out = sim.output(in.stream().map(x -> x * 2));
 *     flow.withProcess(node, sim.host()).deploy(sim);
 *     in.sendAll(1, 2);
 *     out.assertYields(2, 4);
 * };
 * Simulation.exhaustive().run(body);
 * }</pre>
 */
@FunctionalInterface
public interface SimBody {

    /**
     * Builds, deploys and drives the flow of one run; a thrown exception or assertion fails the run.
     *
     * @param sim this run's simulator
     * @throws Exception anything the test throws: the run fails with it
     */
    void run(Sim sim) throws Exception;
}
