package io.sluice.wirefixtures;

import java.util.List;

public record Point(int x, String label, List<Integer> tags) {
}
