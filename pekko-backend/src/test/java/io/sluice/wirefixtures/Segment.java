package io.sluice.wirefixtures;

import java.util.Map;

public record Segment(Point from, Point to, Map<String, Long> weights) {
}
