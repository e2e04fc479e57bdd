/**
 * External ports: the TCP server a process's member runs for clients outside the cluster
 * (Pekko Streams TCP with length-prefixed frames), behind the Pekko-free
 * {@link io.sluice.runtime.logic.ExternalEndpoints} that the operators' logic sees, and the
 * frame codec that the server and {@code io.sluice.deploy.ExternalClient} share.
 */
package io.sluice.runtime.external;
