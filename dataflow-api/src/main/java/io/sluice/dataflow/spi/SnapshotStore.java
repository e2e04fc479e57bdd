package io.sluice.dataflow.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the members of a flow keep their snapshots, so that a member restarted on another node
 * after a loss can read its part back. Sluice's own is a directory ({@code sluice.snapshots.dir});
 * plug in another (an object store, a database) by naming a class that implements this interface
 * in {@code sluice.snapshots.store}, with a public constructor that takes the
 * {@code com.typesafe.config.Config} of the {@code sluice.snapshots} section, or none.
 *
 * <pre>{@code
 * sluice.snapshots.store = "com.example.S3SnapshotStore"
 * }</pre>
 *
 * <p>Every node of the flow makes its own instance. A snapshot is written in parts, one per member
 * ({@code part} names it, e.g. {@code "2-0"} for location 2, member 0), by that member's node,
 * while the flow runs; the flow's coordinator counts a snapshot complete once every part is
 * written, and a restart reads the parts of the last complete one on the nodes the members run
 * on then, which may be other nodes: the store must let every node of the flow read what any
 * node wrote. A run of a flow is named by {@code run}, unique to that run; snapshots are
 * numbered from 1 within it. Methods may block: {@code write} and then {@code discard} run on
 * Pekko's blocking-I/O dispatcher, one part at a time per member, so a slow store holds up none
 * of the flow's threads (it only delays the snapshot's completion, and the member's report that
 * it has finished, which waits for its last write); {@code read} runs when a member restarts,
 * before its operators start; {@code discardRun} once, when the flow ends, after every write.
 */
public interface SnapshotStore {

    /** Keeps {@code bytes} as part {@code part} of snapshot {@code snapshot} of run {@code run}, replacing any earlier copy. */
    void write(String run, long snapshot, String part, byte[] bytes) throws IOException;

    /** Part {@code part} of snapshot {@code snapshot} of run {@code run}, if it was written. */
    Optional<byte[]> read(String run, long snapshot, String part) throws IOException;

    /** Drops part {@code part} of the snapshots of run {@code run} numbered below {@code before}: they are not needed any more. */
    void discard(String run, String part, long before) throws IOException;

    /** Drops everything kept for run {@code run}: it ended. */
    void discardRun(String run) throws IOException;

    /** Where the store keeps snapshots, for messages (a directory, a bucket). */
    String describe();
}
