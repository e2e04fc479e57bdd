/**
 * The deterministic simulator: every member of every location runs in one thread under a
 * scheduler that owns all nondeterminism (tick batching, snapshots, interleaving across senders,
 * delivery delay, virtual time), reusing the backend's plan and operator logic.
 */
package io.sluice.testkit.sim;
