/**
 * The actors of a running flow: one per operator, one per member supervising them, a tick clock
 * per tick and member, and the coordinator (start barrier, completion, failures, loop waves),
 * with the messages they exchange.
 *
 * <p>Internal to Sluice: not an API, and may change in any release. Users depend on
 * {@code io.sluice.dataflow} and {@code io.sluice.deploy} only.
 */
package io.sluice.runtime.actor;
