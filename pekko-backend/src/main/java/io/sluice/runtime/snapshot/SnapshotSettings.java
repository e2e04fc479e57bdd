package io.sluice.runtime.snapshot;

import com.typesafe.config.Config;
import io.sluice.dataflow.spi.SnapshotStore;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code sluice.snapshots} section of the configuration (documented in {@code reference.conf}):
 * how often a flow with spare nodes takes snapshots, and the store they go to.
 *
 * @param interval     the time between the start of one snapshot and the next; empty when off
 * @param store        where members write their parts of each snapshot
 * @param replayBuffer how many elements a run-time source keeps at most, to emit them again after a
 *                     restart: those it emitted since the last complete snapshot
 */
public record SnapshotSettings(Optional<Duration> interval, SnapshotStore store, int replayBuffer) {

    /** The default of {@code sluice.snapshots.replay-buffer}. */
    static final int REPLAY_BUFFER = 1_000_000;

    /** Snapshots off. */
    public static SnapshotSettings off() {
        return new SnapshotSettings(Optional.empty(), new DirectoryStore(defaultDirectory()), REPLAY_BUFFER);
    }

    /**
     * The settings in {@code config}'s {@code sluice.snapshots} section.
     *
     * @throws IllegalArgumentException naming the setting when the interval or the store is not one Sluice can use
     */
    public static SnapshotSettings from(Config config) {
        Config s = config.getConfig("sluice.snapshots");
        Optional<Duration> interval = interval(config);
        int replayBuffer = s.getInt("replay-buffer");
        if (replayBuffer < 1) {
            throw new IllegalArgumentException("sluice.snapshots.replay-buffer must be at least 1, not " + replayBuffer);
        }
        return new SnapshotSettings(interval, store(s), replayBuffer);
    }

    /**
     * {@code sluice.snapshots.interval} in {@code config}: empty when off.
     *
     * @throws IllegalArgumentException when it is under 10 ms
     */
    public static Optional<Duration> interval(Config config) {
        Config s = config.getConfig("sluice.snapshots");
        Optional<Duration> interval = s.getString("interval").equals("off") ? Optional.empty()
                : Optional.of(s.getDuration("interval"));
        if (interval.isPresent() && interval.get().toMillis() < 10) {
            throw new IllegalArgumentException("sluice.snapshots.interval must be at least 10ms (or off), not "
                    + s.getString("interval"));
        }
        return interval;
    }

    private static SnapshotStore store(Config s) {
        String store = s.getString("store");
        if (store.equals("directory")) {
            String dir = s.getString("dir");
            return new DirectoryStore(dir.isEmpty() ? defaultDirectory() : Path.of(dir));
        }
        try {
            Class<?> type = Class.forName(store, true, Thread.currentThread().getContextClassLoader());
            if (!SnapshotStore.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("sluice.snapshots.store names " + store + ", which does not implement "
                        + SnapshotStore.class.getName());
            }
            try {
                Constructor<?> withConfig = type.getConstructor(Config.class);
                return (SnapshotStore) withConfig.newInstance(s);
            } catch (NoSuchMethodException e) {
                return (SnapshotStore) type.getConstructor().newInstance();
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("sluice.snapshots.store names " + store + ", which is not on the class path;"
                    + " use \"directory\" or the name of a class implementing " + SnapshotStore.class.getName(), e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("sluice.snapshots.store: " + store + " needs a public constructor taking"
                    + " the sluice.snapshots Config, or none", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("sluice.snapshots.store: the constructor of " + store + " failed: "
                    + e.getCause(), e.getCause());
        }
    }

    private static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "sluice-snapshots");
    }
}
