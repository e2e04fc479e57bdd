package io.sluice.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * A member that runs again on another node after its own node was lost; the flow restarted
 * with it there ({@code FlowBuilder.withSpares}), from its last complete snapshot or, when it
 * had none, from its beginning. Read with {@link Deployment#restarts()}.
 *
 * <pre>{@code
 * deployment.restarts().forEach(r -> System.out.println(r.member() + " moved from " + r.lostOn()
 *         + " to " + r.restartedOn() + " in " + r.recovery().toMillis() + " ms"));
 * }</pre>
 *
 * @param member      the member, as output prefixes name it, e.g. {@code [com.example.Worker (cluster 1) / 2]}
 * @param lostOn      the address of the node it was lost with
 * @param restartedOn the address of the node it runs on now
 * @param noticed     when the flow's coordinator noticed the loss (after the failure detector and
 *                    the split brain resolver had declared the node lost)
 * @param running     when the restarted flow's sources started again
 * @param snapshot    the snapshot the flow restarted from (numbered from 1 in each run), or empty
 *                    when it restarted from its beginning (no snapshot was complete, or the flow
 *                    takes none; see {@code sluice.snapshots})
 */
public record MemberRestart(String member, String lostOn, String restartedOn, Instant noticed, Instant running,
                            OptionalLong snapshot) {

    /** From the loss being noticed to the flow running again. */
    public Duration recovery() {
        return Duration.between(noticed, running);
    }
}
