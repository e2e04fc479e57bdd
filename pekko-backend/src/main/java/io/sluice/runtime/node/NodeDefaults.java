package io.sluice.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.Map;

/**
 * The Pekko settings that every ActorSystem Sluice creates needs (the cluster provider, downing,
 * the serializer bindings of its messages, Artery on loopback by default), from
 * {@code node-defaults.conf} beside this class. They are applied to Sluice's own systems only:
 * Sluice's {@code reference.conf} defines nothing outside {@code sluice.*}, so an application's
 * own ActorSystems keep Pekko's defaults whether or not Sluice is on the class path.
 *
 * <p>A setting the application made (in {@code application.conf}, with {@code -D}, or in the
 * {@code Config} given to a deployment) wins over Sluice's; one that only a library's
 * {@code reference.conf} (Pekko's) gives does not count as made.
 *
 * <pre>{@code
 * Config nodeConfig = NodeDefaults.applyTo(ConfigFactory.load());   // pekko.actor.provider = cluster
 * }</pre>
 */
public final class NodeDefaults {

    private static final Config DEFAULTS = ConfigFactory.parseResources(NodeDefaults.class, "node-defaults.conf")
            .resolve();

    private NodeDefaults() {
    }

    /** {@code config} with each of Sluice's node settings that the application did not make. */
    static Config applyTo(Config config) {
        Config applied = config;
        for (Map.Entry<String, ConfigValue> setting : DEFAULTS.entrySet()) {
            String path = setting.getKey();
            if (!config.hasPath(path) || isLibraryDefault(config.getValue(path))) {
                applied = applied.withValue(path, setting.getValue());
            }
        }
        return applied;
    }

    /**
     * Whether the application set {@code path} (in {@code application.conf}, with {@code -D}, or
     * in the {@code Config} given to a deployment), rather than a library's {@code reference.conf}.
     *
     * @param config the application's configuration
     * @param path   a setting's path
     * @return whether the application made that setting
     */
    public static boolean madeByApplication(Config config, String path) {
        return config.hasPath(path) && !isLibraryDefault(config.getValue(path));
    }

    /** Whether a value comes from a library's {@code reference.conf} (Pekko's), not from the application. */
    static boolean isLibraryDefault(ConfigValue value) {
        return "reference.conf".equals(value.origin().resource());
    }
}
