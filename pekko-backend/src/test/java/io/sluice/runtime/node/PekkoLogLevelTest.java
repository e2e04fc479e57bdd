package io.sluice.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sluice's nodes log Pekko's own messages at {@code sluice.pekko-log-level} (WARNING by default)
 * unless the application set {@code pekko.loglevel}, and Sluice's defaults leave
 * {@code pekko.loglevel} itself to Pekko, so that an application's own ActorSystems keep theirs.
 */
class PekkoLogLevelTest {

    private static Config withDefaults(String application) {
        return ConfigFactory.parseString(application).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    @Test
    void sluiceNodesLogPekkoAtWarningByDefault() {
        Config node = PekkoLogLevel.applyTo(withDefaults(""));
        assertEquals("WARNING", node.getString("pekko.loglevel"));
    }

    @Test
    void theSluiceSettingChangesTheLevelInAnyCase() {
        assertEquals("INFO", PekkoLogLevel.of(withDefaults("sluice.pekko-log-level = info")));
        assertEquals("DEBUG", PekkoLogLevel.of(withDefaults("sluice.pekko-log-level = DEBUG")));
    }

    @Test
    void aLevelTheApplicationSetsForPekkoWins() {
        Config node = PekkoLogLevel.applyTo(withDefaults("pekko.loglevel = DEBUG"));
        assertEquals("DEBUG", node.getString("pekko.loglevel"));
        assertEquals("ERROR", PekkoLogLevel.of(withDefaults("pekko.loglevel = ERROR\nsluice.pekko-log-level = INFO")));
    }

    @Test
    void anUnknownLevelIsRefusedWithTheSettingAndTheLevelsToChooseFrom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PekkoLogLevel.of(withDefaults("sluice.pekko-log-level = WARN")));
        assertEquals("sluice.pekko-log-level = \"WARN\" is not a level of Pekko's: use one of "
                + "[OFF, ERROR, WARNING, INFO, DEBUG] (WARNING keeps Pekko's INFO and DEBUG messages out)", e.getMessage());
    }

    @Test
    void sluicesDefaultsLeavePekkosOwnLogLevelToPekko() {
        String pekkoJar = ActorSystem.class.getProtectionDomain().getCodeSource().getLocation().toString();
        String origin = ConfigFactory.defaultReference().getValue("pekko.loglevel").origin().url().toString();
        assertTrue(origin.contains(pekkoJar), "pekko.loglevel comes from " + origin + ", not from Pekko's " + pekkoJar);
    }
}
