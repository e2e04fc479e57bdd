package io.sluice.runtime.snapshot;

import io.sluice.dataflow.spi.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The default {@link SnapshotStore}: files under a directory, {@code <dir>/<run>/<snapshot>/<part>.snap}.
 * A part is written to a temporary file and moved into place, so a reader sees a whole part or
 * none. On one machine any directory will do; across machines it must be one every node mounts.
 */
final class DirectoryStore implements SnapshotStore {

    private static final String SUFFIX = ".snap";

    private final Path dir;

    DirectoryStore(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    @Override
    public void write(String run, long snapshot, String part, byte[] bytes) throws IOException {
        Path target = file(run, snapshot, part);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(part + ".tmp");
        Files.write(temporary, bytes);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public Optional<byte[]> read(String run, long snapshot, String part) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file(run, snapshot, part)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void discard(String run, String part, long before) throws IOException {
        Path runDir = dir.resolve(name(run));
        if (!Files.isDirectory(runDir)) {
            return;
        }
        try (DirectoryStream<Path> snapshots = Files.newDirectoryStream(runDir)) {
            for (Path snapshot : snapshots) {
                long n = number(snapshot);
                if (n > 0 && n < before) {
                    Files.deleteIfExists(snapshot.resolve(part + SUFFIX));
                    deleteIfEmpty(snapshot);
                }
            }
        } catch (NoSuchFileException e) {
            // The run ended and its directory was removed meanwhile: nothing left to discard.
        }
    }

    @Override
    public void discardRun(String run) throws IOException {
        Path runDir = dir.resolve(name(run));
        if (!Files.exists(runDir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(runDir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String describe() {
        return "the directory " + dir;
    }

    private Path file(String run, long snapshot, String part) {
        return dir.resolve(name(run)).resolve(Long.toString(snapshot)).resolve(name(part) + SUFFIX);
    }

    /** A run or part name as one path element: nothing that could climb out of the directory. */
    private static String name(String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("snapshot names are letters, digits, '.', '_' and '-', not " + name);
        }
        return name;
    }

    private static long number(Path snapshot) {
        try {
            return Long.parseLong(snapshot.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Removes {@code directory} if nothing is in it. Members discard their parts of an old
     * snapshot concurrently, so another may have removed the directory already: that is no error.
     */
    static void deleteIfEmpty(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            if (entries.iterator().hasNext()) {
                return;
            }
        } catch (NoSuchFileException e) {
            return;
        }
        try {
            Files.delete(directory);
        } catch (IOException e) {
            // Another member wrote into it meanwhile, or removed it: either way nothing to do.
        }
    }
}
