/**
 * What a backend needs from the API at run time, beyond the IR graph, and what a user may plug
 * into a backend: {@link io.sluice.dataflow.spi.SnapshotStore}, where snapshots are kept.
 */
package io.sluice.dataflow.spi;

