/**
 * One ActorSystem taking part in a flow: starting it as a cluster node with the roles of its
 * members, sharding the members onto the nodes configured for them, and watching the flow.
 *
 * <p>Internal to Sluice: not an API, and may change in any release. Users depend on
 * {@code io.sluice.dataflow} and {@code io.sluice.deploy} only.
 */
package io.sluice.runtime.node;
