/**
 * What crosses the network on the data plane: batches, their ends and acks
 * ({@link io.sluice.runtime.wire.WireMessage}), their Pekko serializer, and the element codec that
 * writes elements into a batch; also the local batch, passed by reference inside one ActorSystem.
 *
 * <p>Internal to Sluice: not an API, and may change in any release. Users depend on
 * {@code io.sluice.dataflow} and {@code io.sluice.deploy} only.
 */
package io.sluice.runtime.wire;
