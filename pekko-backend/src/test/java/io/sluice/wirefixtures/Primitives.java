package io.sluice.wirefixtures;

public record Primitives(boolean z, byte b, short s, char c, int i, long l, float f, double d) {
}
