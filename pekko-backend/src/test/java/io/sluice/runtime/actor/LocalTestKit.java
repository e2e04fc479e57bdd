package io.sluice.runtime.actor;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** An ActorTestKit for tests of single actors: Sluice's configuration, without the cluster. */
public final class LocalTestKit {

    private LocalTestKit() {
    }

    public static ActorTestKit create() {
        return ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
    }
}
