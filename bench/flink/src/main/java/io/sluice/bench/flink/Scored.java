package io.sluice.bench.flink;

/**
 * W5's output element: an {@link Event} with its score, {@code 2 * value}.
 *
 * @param id    the event's id
 * @param key   the event's key
 * @param score twice the event's value, integral
 */
public record Scored(long id, String key, double score) {
}
