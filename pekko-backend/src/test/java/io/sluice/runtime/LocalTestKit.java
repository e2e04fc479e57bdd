package io.sluice.runtime;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** An ActorTestKit for tests of single actors: Sluice's configuration, without the cluster. */
final class LocalTestKit {

    private LocalTestKit() {
    }

    static ActorTestKit create() {
        return ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
    }
}
