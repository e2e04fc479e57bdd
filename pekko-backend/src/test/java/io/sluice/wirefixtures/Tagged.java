package io.sluice.wirefixtures;

import java.util.Set;

/** A component declared as an interface collection type. */
public record Tagged(String name, Set<String> tags) {
}
