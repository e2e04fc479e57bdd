package io.sluice.bench.flink;

/**
 * W4's output element: a key's final count, emitted by a worker when its input ends.
 *
 * @param key   the key, {@code 0 .. 99_999}
 * @param count how many elements had the key
 */
public record KeyCount(int key, long count) {
}
