package io.sluice.dataflow.spi;

import java.util.List;
import java.util.Optional;

/**
 * The member on whose behalf the current thread runs operator code. A backend enters a context
 * around every call into user functions, so that {@code Cluster.selfId()} and
 * {@code Cluster.members()} answer inside operator code (Hydro's {@code CLUSTER_SELF_ID}).
 *
 * <pre>{@code
 * MemberContext previous = MemberContext.enter(new MemberContext(1, 2, List.of(1, 4)));
 * try { runUserCode(); } finally { MemberContext.restore(previous); }
 * }</pre>
 *
 * @param location      the id of the location the member belongs to
 * @param member        the member's id in that location
 * @param locationSizes the number of members of every location of the flow, by location id
 */
public record MemberContext(int location, int member, List<Integer> locationSizes) {

    private static final ThreadLocal<MemberContext> CURRENT = new ThreadLocal<>();

    /**
     * Freezes the sizes.
     *
     * @param location      the id of the location the member belongs to
     * @param member        the member's id in that location
     * @param locationSizes the number of members of every location of the flow, by location id
     */
    public MemberContext {
        locationSizes = List.copyOf(locationSizes);
    }

    /**
     * The context of the operator code running on this thread, if any.
     *
     * @return the current context, or empty outside operator code
     */
    public static Optional<MemberContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Makes {@code context} current on this thread and returns the one it replaces (maybe null),
     * to be handed to {@link #restore}.
     *
     * @param context the context of the member about to run operator code
     * @return the context it replaces, or null when there was none
     */
    public static MemberContext enter(MemberContext context) {
        MemberContext previous = CURRENT.get();
        CURRENT.set(context);
        return previous;
    }

    /**
     * Puts back the context that {@link #enter} replaced.
     *
     * @param previous what {@link #enter} returned (null clears the context)
     */
    public static void restore(MemberContext previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
