package io.sluice.bench;

/**
 * W5's input element: an id, a key from a small set of strings and an integral value.
 *
 * @param id    the element's position in the source
 * @param key   {@code "k" + (id % 1000)}
 * @param value the id as a double
 */
public record Event(long id, String key, double value) {
}
