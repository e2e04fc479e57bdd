/**
 * What a backend needs from the API at run time, beyond the IR graph. Not for user code.
 */
package io.sluice.dataflow.spi;

