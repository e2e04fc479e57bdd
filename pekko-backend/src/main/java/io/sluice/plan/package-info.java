/**
 * The plan: a flow graph turned into what each location runs, with no Pekko. For every node its
 * input ports and output edges (local or network, with their routing), every tick with its entries,
 * exits and clock, every loop with its region, and the cluster roles that host each member.
 *
 * <p>Internal to Sluice: not an API, and may change in any release. Users depend on
 * {@code io.sluice.dataflow} and {@code io.sluice.deploy} only.
 */
package io.sluice.plan;
