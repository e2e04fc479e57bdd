package io.sluice.deploy.launch;

import io.sluice.dataflow.Host;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A member on an ActorSystem that the application owns and that belongs to its Pekko cluster:
 * the flow's actors live under a guardian of their own there, and stop with the flow.
 *
 * @param system the application's system
 */
public record SystemHost(ActorSystem<?> system) implements Host {

    @Override
    public String describe() {
        return "the application's ActorSystem " + system.name() + " (" + system.address() + ")";
    }
}
