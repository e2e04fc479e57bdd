/**
 * Running a flow: {@link io.sluice.deploy.Deployment} places its locations' members on hosts (in
 * this JVM, in child JVMs on this machine, or on nodes started by hand), forms the Pekko cluster,
 * starts the flow and waits for it. This is the Pekko backend's only public package.
 */
package io.sluice.deploy;
