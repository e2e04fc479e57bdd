/**
 * Class data sharing for child JVMs: the tool that records the archive at build time, so that the
 * first {@code localhost()} run starts as fast as later ones.
 *
 * <p>Internal to Sluice: not an API, and may change in any release. Users depend on
 * {@code io.sluice.dataflow} and {@code io.sluice.deploy} only.
 */
package io.sluice.deploy.cds;
