package io.sluice.forged;

/** A legitimate record whose class name is as long as {@code java.io.FileOutputStream}: forged batches patch it. */
public record Payload(String path) {
}
