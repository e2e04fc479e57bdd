/**
 * Testing Sluice flows from JUnit 5: flows run on an in-JVM cluster whose ActorSystems are reused
 * across the flows of a test class, with typed inputs pushed during the run and typed outputs
 * collected per member; and ({@code io.sluice.testkit.sim}) a deterministic simulator that runs a
 * whole flow in one thread and explores the nondeterminism of the real network.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FlowTestKit kit = FlowTestKit.withSystems(3);
 *
 * @Test
 * void eachWorkerDoublesItsShare() {
 *     FlowBuilder flow = new FlowBuilder();
 *     Process<Leader> leader = flow.process(Leader.class);
 *     Cluster<Worker> workers = flow.cluster(Worker.class);
 *     ClusterOutput<Integer, Worker> doubled =
 *             kit.collect(leader.sourceIter(List.of(0, 1, 2, 3, 4, 5)).roundRobin(workers).map(n -> n * 2));
 *     kit.start(flow);
 *     doubled.assertYieldsOnly(List.of(0, 6), List.of(2, 8), List.of(4, 10));
 * }
 * }</pre>
 *
 * <p>{@link io.sluice.testkit.FlowTestKit} is the entry point; {@code docs/testing.md} says when
 * to test at which level.
 */
package io.sluice.testkit;
