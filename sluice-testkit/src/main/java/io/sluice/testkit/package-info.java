/**
 * Testing Sluice flows from JUnit 5: flows run on an in-JVM cluster whose ActorSystems are reused
 * across the flows of a test class, with typed inputs pushed during the run and typed outputs
 * collected per member; and ({@code io.sluice.testkit.sim}) a deterministic simulator that runs a
 * whole flow in one thread and explores the nondeterminism of the real network.
 */
package io.sluice.testkit;
