/**
 * Channels with no Pekko: an operator's outlet, which routes its output to the channels of its
 * out-edges and fills batches; each channel's credit window, sequence numbers and unacknowledged
 * batches; an input port's order and ack bookkeeping; and the reports of data that departed
 * members may have cost.
 *
 * <p>Internal to Sluice: not an API, and may change in any release. Users depend on
 * {@code io.sluice.dataflow} and {@code io.sluice.deploy} only.
 */
package io.sluice.runtime.channel;
