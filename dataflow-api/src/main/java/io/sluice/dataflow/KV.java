package io.sluice.dataflow;

import java.util.Objects;

/**
 * A pair of a key and a value: what Hydro writes as a tuple {@code (K, V)}. Streams of pairs
 * are what tagged network operators produce ({@code send} from a cluster gives
 * {@code KV<MemberId<C>, T>}), what {@link ProcessStream#demux} consumes, and what
 * {@link Stream#enumerate()} yields ({@code KV<Long, T>}).
 *
 * <pre>{@code
 * workers.sourceIter(List.of("a")).send(leader)     // KV(MemberId(0), "a"), KV(MemberId(1), "a"), ...
 *        .forEach(kv -> System.out.println(kv.key().raw() + ": " + kv.value()));
 * }</pre>
 *
 * @param key   the key, never null
 * @param value the value, never null
 * @param <K>   the key type
 * @param <V>   the value type
 */
public record KV<K, V>(K key, V value) {

    /**
     * Rejects null parts: streams carry no nulls.
     *
     * @param key   the key, never null
     * @param value the value, never null
     * @throws NullPointerException when either part is null
     */
    public KV {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /**
     * The pair {@code (key, value)}.
     *
     * @param key   the key, never null
     * @param value the value, never null
     * @param <K>   the key type
     * @param <V>   the value type
     * @return the pair
     */
    public static <K, V> KV<K, V> of(K key, V value) {
        return new KV<>(key, value);
    }
}
