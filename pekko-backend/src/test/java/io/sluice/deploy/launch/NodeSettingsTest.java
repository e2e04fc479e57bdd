package io.sluice.deploy.launch;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.FlowGraph;
import io.sluice.deploy.Deployment;
import io.sluice.plan.MemberKey;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every mistake in a node's configuration is refused with the key and what it expects. */
class NodeSettingsTest {

    static final class Leader {
    }

    static final class Worker {
    }

    private static final String SEEDS = "seed-nodes = [\"pekko://sluice@127.0.0.1:25520\"]\n";

    private static FlowGraph graph() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        leader.sourceIter(List.of(1)).roundRobin(workers).sendAnonymous(leader).forEach(x -> { });
        return flow.build();
    }

    private static Config node(String body) {
        return ConfigFactory.parseString("sluice.node {\n" + body + "\n}");
    }

    private static String refused(String body) {
        return assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.from(node(body)).resolve(graph(), List.of(1, 4))).getMessage();
    }

    @Test
    void aCompleteSectionResolvesToItsMember() {
        NodeSettings s = NodeSettings.from(node("location = \"io.sluice.deploy.launch.NodeSettingsTest.Worker\"\nmember = 5\n"
                + SEEDS + "port = 25525\ncluster-sizes { \"io.sluice.deploy.launch.NodeSettingsTest.Worker\" = 6 }"));
        NodeSettings.Assignment a = s.resolve(graph(), List.of(1, 4));
        assertEquals(new MemberKey(1, 5), a.member());
        assertEquals(List.of(1, 6), a.sizes());
        assertEquals(25525, s.port());
        assertEquals("127.0.0.1", s.hostname());
        assertTrue(s.coordinator());
        assertFalse(s.launched());
        assertTrue(s.startsFlow());
    }

    @Test
    void aSpareNodeHasALocationButNoMemberAndDoesNotStartTheFlow() {
        NodeSettings s = NodeSettings.from(node("location = 1\nspare = on\n" + SEEDS));
        assertTrue(s.spare());
        assertFalse(s.startsFlow());
        assertEquals(new MemberKey(1, NodeSettings.SPARE), s.resolve(graph(), List.of(1, 4)).member());
        assertTrue(refused("location = 1\nspare = on\nmember = 2\n" + SEEDS)
                .contains("sluice.node.spare = on and sluice.node.member are both set"));
        assertTrue(refused("location = 1\n" + SEEDS).contains("or spare = on for a spare node"));
    }

    @Test
    void aLaunchedNodeNeedsNoSeedsAndLeavesCoordinationToItsLauncher() {
        NodeSettings s = NodeSettings.from(node("location = 1\nmember = 2\nlaunched = on"));
        assertTrue(s.launched());
        assertEquals(List.of(), s.seedNodes());
        assertFalse(s.coordinator());
        assertFalse(s.prefixOutput());
        assertFalse(s.startsFlow());
        assertFalse(s.launchedDriver());
    }

    @Test
    void aLaunchersDriverChildHostsTheCoordinatorButLeavesTheStartToItsLauncher() {
        NodeSettings s = NodeSettings.from(node("location = 0\nmember = 0\nlaunched = on\nlaunched-driver = on"));
        assertTrue(s.launchedDriver());
        assertTrue(s.coordinator());
        assertFalse(s.startsFlow());
        assertFalse(s.prefixOutput());
        assertFalse(NodeSettings.from(node("location = 0\nmember = 0\nlaunched-driver = on\n" + SEEDS)).launchedDriver(),
                "only a launched node can be its launcher's driver");
    }

    @Test
    void locationsCanBeNamedByTheirId() {
        assertEquals(new MemberKey(0, 0), NodeSettings.from(node("location = 0\nmember = 0\n" + SEEDS))
                .resolve(graph(), List.of(1, 4)).member());
    }

    @Test
    void aMissingLocationSaysWhatIsExpected() {
        assertEquals("sluice.node.location is missing: expected the name of this node's location (its tag class's "
                + "canonical name) or its id", refused("member = 0\n" + SEEDS));
    }

    @Test
    void anUnknownLocationListsTheKnownOnes() {
        assertEquals("sluice.node.location: no location \"Workers\" in this flow; known locations: "
                + "io.sluice.deploy.launch.NodeSettingsTest.Leader (process 0), io.sluice.deploy.launch.NodeSettingsTest.Worker (cluster 1)"
                + " (use the name or the id)", refused("location = Workers\nmember = 0\n" + SEEDS));
    }

    @Test
    void aMemberIdOutOfRangeIsRefused() {
        assertEquals("sluice.node.member = 4 is out of range: io.sluice.deploy.launch.NodeSettingsTest.Worker (cluster 1) has 4 "
                + "member(s), ids 0..3 (set its size with sluice.node.cluster-sizes)",
                refused("location = 1\nmember = 4\n" + SEEDS));
        assertTrue(refused("location = 1\nmember = -1\n" + SEEDS).contains("member ids start at 0"));
        assertTrue(refused("location = 0\nmember = 1\n" + SEEDS).contains("has 1 member(s), ids 0..0"));
    }

    @Test
    void seedNodesMustBeGivenAndWellFormed() {
        assertTrue(refused("location = 1\nmember = 0").startsWith("sluice.node.seed-nodes is missing"));
        assertTrue(refused("location = 1\nmember = 0\nseed-nodes = []")
                .startsWith("sluice.node.seed-nodes is empty: list at least one node's address"));
        assertEquals("sluice.node.seed-nodes: \"127.0.0.1:25520\" is not an address of the form pekko://sluice@<host>:<port>",
                refused("location = 1\nmember = 0\nseed-nodes = [\"127.0.0.1:25520\"]"));
    }

    @Test
    void theBindAddressIsSeparateFromTheAddressPeersUse() {
        NodeSettings s = NodeSettings.from(node("location = 1\nmember = 0\n" + SEEDS
                + "hostname = \"10.0.0.3\"\nport = 25523\nbind-hostname = \"0.0.0.0\"\nbind-port = 2552"));
        Config pekko = s.withBindAddress(ConfigFactory.load());
        assertEquals("0.0.0.0", pekko.getString("pekko.remote.artery.bind.hostname"));
        assertEquals(2552, pekko.getInt("pekko.remote.artery.bind.port"));
        assertEquals("10.0.0.3", s.hostname());
        NodeSettings plain = NodeSettings.from(node("location = 1\nmember = 0\n" + SEEDS));
        assertEquals("", plain.withBindAddress(ConfigFactory.load()).getString("pekko.remote.artery.bind.hostname"),
                "without bind-hostname Artery binds the canonical address (Pekko's default)");
        assertEquals("sluice.node.hostname = \"0.0.0.0\" is the address peers reach this node at, so it cannot be a "
                + "wildcard: set it to this machine's address, and listen on every interface with "
                + "sluice.node.bind-hostname = \"0.0.0.0\"",
                refused("location = 1\nmember = 0\n" + SEEDS + "hostname = \"0.0.0.0\""));
    }

    @Test
    void valuesOfTheWrongTypeAreRefused() {
        assertTrue(refused("location = 1\nmember = two\n" + SEEDS).startsWith("sluice.node.member has the wrong type"));
    }

    @Test
    void clusterSizesMustNameClusters() {
        assertEquals("sluice.node.cluster-sizes: io.sluice.deploy.launch.NodeSettingsTest.Leader (process 0) is a process, "
                + "which always has one member",
                refused("location = 1\nmember = 0\n" + SEEDS + "cluster-sizes { \"io.sluice.deploy.launch.NodeSettingsTest.Leader\" = 2 }"));
        assertTrue(refused("location = 1\nmember = 0\n" + SEEDS + "cluster-sizes { \"1\" = 0 }")
                .contains("a cluster has at least one member"));
    }

    @Test
    void clusterSizesAsSystemPropertiesSayHowToNameTheCluster() {
        Properties props = new Properties();
        props.setProperty("sluice.node.cluster-sizes.\"io.sluice.deploy.launch.NodeSettingsTest.Worker\"", "6");
        Config unquoted = ConfigFactory.parseProperties(props);
        String message = assertThrows(IllegalArgumentException.class, () -> NodeSettings.from(
                node("location = 1\nmember = 0\n" + SEEDS).withFallback(unquoted))).getMessage();
        assertTrue(message.startsWith("sluice.node.cluster-sizes.\"io = "), message);
        assertTrue(message.contains("a system property cannot quote it, so use the id there"), message);
        assertTrue(message.contains("-Dsluice.node.cluster-sizes.1=4"), message);

        props.clear();
        props.setProperty("sluice.node.cluster-sizes.1", "6");
        NodeSettings byId = NodeSettings.from(node("location = 1\nmember = 5\n" + SEEDS)
                .withFallback(ConfigFactory.parseProperties(props)));
        assertEquals(List.of(1, 6), byId.resolve(graph(), List.of(1, 4)).sizes());
        assertTrue(refused("location = 1\nmember = 0\n" + SEEDS + "cluster-sizes { \"1\" = four }")
                .startsWith("sluice.node.cluster-sizes.1 = \"four\" is not a whole number: expected "));
        assertTrue(refused("location = 1\nmember = 0\n" + SEEDS + "cluster-sizes = 4")
                .startsWith("sluice.node.cluster-sizes has the wrong type"));
    }

    @Test
    void seedsWhoseHostsDoNotResolveAreNamedBeforeJoining() {
        Config config = node("location = 1\nmember = 0\nseed-nodes = [\"pekko://sluice@no-such-seed.invalid:25520\"]")
                .withFallback(ConfigFactory.load());
        try (Deployment deployment = new Deployment(config)) {
            FlowBuilder flow = new FlowBuilder();
            Process<Leader> leader = flow.process(Leader.class);
            Cluster<Worker> workers = flow.cluster(Worker.class);
            leader.sourceIter(List.of(1)).roundRobin(workers).sendAnonymous(leader).forEach(x -> { });
            flow.withProcess(leader, deployment.localhost())
                .withCluster(workers, List.of(deployment.localhost(), deployment.localhost()))
                .deploy(deployment);
            FlowFailedException e = assertThrows(FlowFailedException.class, deployment::deploy);
            assertEquals("sluice.node.seed-nodes [pekko://sluice@no-such-seed.invalid:25520]: no seed's host resolves "
                    + "(no-such-seed.invalid); check the host names, or use IP addresses", e.getMessage());
        }
    }

    @Test
    void aConfigFileThatDoesNotExistIsReported() {
        String previous = System.getProperty("config.file");
        System.setProperty("config.file", "/nonexistent/worker-9.conf");
        ConfigFactory.invalidateCaches();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Deployment::new);
            assertTrue(e.getMessage().startsWith("could not read the configuration: "), e.getMessage());
            assertTrue(e.getMessage().contains("/nonexistent/worker-9.conf"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("config.file");
            } else {
                System.setProperty("config.file", previous);
            }
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void aMalformedSectionFailsWhenTheDeploymentIsMade() {
        Config config = ConfigFactory.parseString("sluice.node { member = 0 }").withFallback(ConfigFactory.load());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Deployment(config));
        assertTrue(e.getMessage().startsWith("sluice.node.location is missing"), e.getMessage());
    }
}
