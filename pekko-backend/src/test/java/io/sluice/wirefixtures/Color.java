package io.sluice.wirefixtures;

public enum Color {
    RED {
        @Override
        public String toString() {
            return "red, a constant with a body of its own";
        }
    },
    GREEN,
    BLUE
}
