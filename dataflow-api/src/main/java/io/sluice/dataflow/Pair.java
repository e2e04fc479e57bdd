package io.sluice.dataflow;

import java.util.Objects;

/**
 * Two values: what Hydro writes as a tuple {@code (A, B)} where neither part is a key, e.g. the
 * two matching values of a {@link KeyedStream#join join} or one element of a
 * {@link Stream#crossProduct crossProduct}.
 *
 * <pre>{@code
 * prices.join(stock)                       // KeyedStream<String, Pair<Double, Integer>, ...>
 *       .mapValues(p -> p.first() * p.second())
 * }</pre>
 *
 * @param first  the first value, never null
 * @param second the second value, never null
 * @param <A>    the first value's type
 * @param <B>    the second value's type
 */
public record Pair<A, B>(A first, B second) {

    /**
     * Rejects null parts: collections carry no nulls.
     *
     * @param first  the first value, never null
     * @param second the second value, never null
     * @throws NullPointerException when either part is null
     */
    public Pair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    /**
     * The pair {@code (first, second)}.
     *
     * @param first  the first value, never null
     * @param second the second value, never null
     * @param <A>    the first value's type
     * @param <B>    the second value's type
     * @return the pair
     */
    public static <A, B> Pair<A, B> of(A first, B second) {
        return new Pair<>(first, second);
    }
}
