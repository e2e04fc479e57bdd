package io.sluice.wirefixtures;

/** A component declared {@code Object}: what it holds must keep its class. */
public record Box(Object v) {
}
