/**
 * How a deployment runs: launching members from this JVM (ActorSystems here, or child JVMs on
 * this machine, whose lines and progress come back over the launcher link), or being one
 * hand-started member configured by {@code sluice.node}.
 *
 * <p>Internal to Sluice: not an API, and may change in any release. Users depend on
 * {@code io.sluice.dataflow} and {@code io.sluice.deploy} only.
 */
package io.sluice.deploy.launch;
