package io.sluice.dataflow;

/**
 * The id of one member of a {@link Cluster} with tag {@code C}: members of a cluster of size
 * {@code n} have ids {@code 0 .. n-1}. A value type; two ids are equal when their raw values are.
 *
 * <p>Ids tag the elements a cluster sends ({@code send} from a cluster yields
 * {@code KV<MemberId<C>, T>}), address elements to members ({@link ProcessStream#demux}), and
 * are available inside operator code through {@link Cluster#selfId()} and
 * {@link Cluster#members()}.
 *
 * <pre>{@code
 * leader.sourceIter(List.of(1, 2, 3))
 *       .map(n -> KV.of(MemberId.<Worker>of(n % 2), n))
 *       .demux(workers);                      // 2 goes to member 0; 1 and 3 to member 1
 * }</pre>
 *
 * @param raw the member's index in its cluster, {@code >= 0}
 * @param <C> the tag of the cluster this id belongs to
 */
public record MemberId<C>(int raw) {

    /**
     * Checks that the id is not negative.
     *
     * @param raw the member's index in its cluster
     * @throws IllegalArgumentException when {@code raw} is negative
     */
    public MemberId {
        if (raw < 0) {
            throw new IllegalArgumentException("a member id is >= 0, got " + raw);
        }
    }

    /**
     * The id of member {@code raw} of a cluster with tag {@code C}.
     *
     * @param raw the member's index in its cluster, {@code >= 0}
     * @param <C> the tag of the cluster
     * @return the id
     */
    public static <C> MemberId<C> of(int raw) {
        return new MemberId<>(raw);
    }

    @Override
    public String toString() {
        return "MemberId(" + raw + ")";
    }
}
