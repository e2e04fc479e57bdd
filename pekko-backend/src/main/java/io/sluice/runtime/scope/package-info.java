/**
 * What one member's user code runs within: its {@code MemberContext} (for {@code Cluster.selfId()})
 * and its console (what it prints, captured and prefixed). No Pekko.
 *
 * <p>Internal to Sluice: not an API, and may change in any release. Users depend on
 * {@code io.sluice.dataflow} and {@code io.sluice.deploy} only.
 */
package io.sluice.runtime.scope;
