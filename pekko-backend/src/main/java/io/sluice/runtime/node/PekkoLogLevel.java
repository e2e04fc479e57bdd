package io.sluice.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Locale;

/**
 * The level of Pekko's own log messages in the ActorSystems that Sluice creates: the
 * application's {@code pekko.loglevel} if it set one (in {@code application.conf}, with
 * {@code -Dpekko.loglevel=...}, or in the {@code Config} given to a deployment), else
 * {@code sluice.pekko-log-level} ({@code WARNING} by default, see {@code reference.conf}). Only
 * those systems get it: Sluice's {@code reference.conf} sets no {@code pekko.loglevel}, so an
 * application's own ActorSystems keep Pekko's default.
 *
 * <pre>{@code
 * Config nodeConfig = PekkoLogLevel.applyTo(ConfigFactory.load()); // pekko.loglevel = "WARNING"
 * }</pre>
 */
final class PekkoLogLevel {

    /** The setting that holds the level when the application sets no {@code pekko.loglevel}. */
    static final String SETTING = "sluice.pekko-log-level";

    /** Pekko's levels, as {@code pekko.loglevel} accepts them (in any case). */
    private static final List<String> LEVELS = List.of("OFF", "ERROR", "WARNING", "INFO", "DEBUG");

    private PekkoLogLevel() {
    }

    /** {@code config} with {@code pekko.loglevel} set to {@link #of(Config) the level} of Sluice's nodes. */
    static Config applyTo(Config config) {
        return config.withValue("pekko.loglevel", ConfigValueFactory.fromAnyRef(of(config)));
    }

    /**
     * The level of Pekko's messages in a node Sluice starts with {@code config}.
     *
     * @throws IllegalArgumentException if {@code sluice.pekko-log-level} is not one of Pekko's levels
     */
    static String of(Config config) {
        ConfigValue pekko = config.getValue("pekko.loglevel");
        if (!NodeDefaults.isLibraryDefault(pekko)) {
            return pekko.unwrapped().toString();
        }
        String level = config.getString(SETTING).toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException(SETTING + " = \"" + config.getString(SETTING) + "\" is not a level of "
                    + "Pekko's: use one of " + LEVELS + " (WARNING keeps Pekko's INFO and DEBUG messages out)");
        }
        return level;
    }
}
