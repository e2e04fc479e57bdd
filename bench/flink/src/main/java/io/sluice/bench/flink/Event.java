package io.sluice.bench.flink;

/**
 * W5's input element, as in the Sluice bench: an id, a key from a small set of strings and an
 * integral value. A record, which Flink's POJO serializer handles.
 *
 * @param id    the element's position in the source
 * @param key   {@code "k" + (id % 1000)}
 * @param value the id as a double
 */
public record Event(long id, String key, double value) {
}
