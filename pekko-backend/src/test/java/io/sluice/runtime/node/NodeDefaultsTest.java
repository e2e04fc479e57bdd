package io.sluice.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URL;
import java.util.Collections;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sluice's Pekko settings reach its own nodes only, and never override what the application set. */
class NodeDefaultsTest {

    @Test
    void sluicesReferenceConfDefinesNothingOutsideSluice() throws Exception {
        String sluiceCode = NodeDefaults.class.getProtectionDomain().getCodeSource().getLocation().toString();
        URL ours = Collections.list(NodeDefaults.class.getClassLoader().getResources("reference.conf")).stream()
                .filter(u -> u.toString().contains(sluiceCode.replaceFirst("^file:", "")))
                .findFirst().orElseThrow(() -> new AssertionError("no reference.conf beside " + sluiceCode));
        assertEquals(Set.of("sluice"), ConfigFactory.parseURL(ours).root().keySet(), ours.toString());
        assertEquals("local", ConfigFactory.load().getString("pekko.actor.provider"),
                "an application's own ActorSystem stays local with Sluice on the class path");
    }

    @Test
    void aNodeGetsSluicesSettingsWhereOnlyALibrarySetOne() {
        Config node = NodeDefaults.applyTo(ConfigFactory.load());
        assertEquals("cluster", node.getString("pekko.actor.provider"));
        assertEquals("7s", node.getString("pekko.cluster.split-brain-resolver.stable-after"));
        assertEquals("io.sluice.runtime.wire.WireSerializer", node.getString("pekko.actor.serializers.sluice-wire"));
        assertEquals("sluice-wire", node.getString("pekko.actor.serialization-bindings.\"io.sluice.runtime.wire.WireMessage\""));
    }

    @Test
    void whatTheApplicationSetWins() {
        Config app = ConfigFactory.parseString("pekko.cluster.split-brain-resolver.stable-after = 2s")
                .withFallback(ConfigFactory.load());
        assertEquals("2s", NodeDefaults.applyTo(app).getString("pekko.cluster.split-brain-resolver.stable-after"));
    }

    @Test
    void aSettingIsTheApplicationsOnlyWhenItDidNotComeFromALibrarysReferenceConf() {
        String pause = "pekko.cluster.failure-detector.acceptable-heartbeat-pause";
        assertFalse(NodeDefaults.madeByApplication(ConfigFactory.load(), pause), "Pekko's default is not the application's");
        assertTrue(NodeDefaults.madeByApplication(ConfigFactory.parseString(pause + " = 5s")
                .withFallback(ConfigFactory.load()), pause));
        assertFalse(NodeDefaults.madeByApplication(ConfigFactory.empty(), pause), "a setting nobody made");
    }
}
