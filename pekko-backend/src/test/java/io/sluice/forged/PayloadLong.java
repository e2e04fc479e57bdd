package io.sluice.forged;

/** A legitimate record whose class name is as long as {@code io.sluice.runtime.TrapRecord}: forged batches patch it. */
public record PayloadLong(String path) {
}
