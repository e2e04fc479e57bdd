package io.sluice.wirefixtures;

/** W5's element. */
public record Event(long id, String key, double value) {
}
