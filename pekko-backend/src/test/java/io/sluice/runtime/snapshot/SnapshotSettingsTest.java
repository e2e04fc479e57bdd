package io.sluice.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.spi.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sluice.snapshots} settings and the directory store. */
class SnapshotSettingsTest {

    private static SnapshotSettings parse(String hocon) {
        return SnapshotSettings.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()));
    }

    @Test
    void theDefaultsTakeASnapshotEverySecondIntoADirectory() {
        SnapshotSettings settings = parse("");
        assertEquals(Optional.of(Duration.ofSeconds(1)), settings.interval());
        assertTrue(settings.store().describe().contains("sluice-snapshots"), settings.store().describe());
        assertEquals(1_000_000, settings.replayBuffer());
    }

    @Test
    void offTakesNone() {
        assertEquals(Optional.empty(), parse("sluice.snapshots.interval = off").interval());
    }

    @Test
    void mistakesNameTheSetting() {
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> parse("sluice.snapshots.interval = 1ms"));
        assertTrue(tooShort.getMessage().contains("sluice.snapshots.interval"), tooShort.getMessage());
        IllegalArgumentException noBuffer = assertThrows(IllegalArgumentException.class,
                () -> parse("sluice.snapshots.replay-buffer = 0"));
        assertTrue(noBuffer.getMessage().contains("sluice.snapshots.replay-buffer must be at least 1"),
                noBuffer.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> parse("sluice.snapshots.store = com.example.NoSuchStore"));
        assertTrue(missing.getMessage().contains("not on the class path"), missing.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> parse("sluice.snapshots.store = java.lang.String"));
        assertTrue(wrongType.getMessage().contains("does not implement"), wrongType.getMessage());
    }

    @Test
    void aStoreClassGetsTheSnapshotsSection() {
        SnapshotStore store = parse("sluice.snapshots { store = \"" + InMemory.class.getName() + "\", bucket = b1 }").store();
        assertEquals("memory b1", store.describe());
    }

    @Test
    void theDirectoryStoreKeepsPartsUntilDiscarded(@TempDir Path dir) throws IOException {
        SnapshotStore store = parse("sluice.snapshots.dir = \"" + dir.toString().replace('\\', '/') + "\"").store();
        store.write("run-1", 1, "0-0", new byte[] {1});
        store.write("run-1", 2, "0-0", new byte[] {2});
        store.write("run-1", 2, "1-0", new byte[] {3});
        assertArrayEquals(new byte[] {2}, store.read("run-1", 2, "0-0").orElseThrow());
        assertEquals(Optional.empty(), store.read("run-1", 3, "0-0"));

        store.discard("run-1", "0-0", 2);
        assertEquals(Optional.empty(), store.read("run-1", 1, "0-0"));
        assertTrue(store.read("run-1", 2, "1-0").isPresent(), "other parts and later snapshots stay");

        store.discardRun("run-1");
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
        assertThrows(IllegalArgumentException.class, () -> store.write("../escape", 1, "0-0", new byte[0]));
        store.discard("run-1", "0-0", 5);   // the run is gone: nothing to discard, no error
    }

    @Test
    void anOldSnapshotsDirectoryAnotherMemberRemovedFirstIsNoError(@TempDir Path dir) throws IOException {
        // Members discard their parts of an old snapshot at once: the last but one may find the
        // directory it saw a moment ago removed by the last (FaultBench hit this, ending snapshots).
        DirectoryStore.deleteIfEmpty(dir.resolve("gone"));
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.write(full.resolve("0-0.part"), new byte[] {1});
        DirectoryStore.deleteIfEmpty(full);
        assertTrue(Files.isDirectory(full), "a directory with a part stays");
    }

    /** A store a user might plug in. */
    public static final class InMemory implements SnapshotStore {
        private final String bucket;

        public InMemory(Config section) {
            this.bucket = section.getString("bucket");
        }

        @Override
        public void write(String run, long snapshot, String part, byte[] bytes) {
        }

        @Override
        public Optional<byte[]> read(String run, long snapshot, String part) {
            return Optional.empty();
        }

        @Override
        public void discard(String run, String part, long before) {
        }

        @Override
        public void discardRun(String run) {
        }

        @Override
        public String describe() {
            return "memory " + bucket;
        }
    }
}
