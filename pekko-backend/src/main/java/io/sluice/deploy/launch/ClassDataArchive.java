package io.sluice.deploy.launch;

import com.typesafe.config.Config;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * A class data sharing archive of this program's classes for the member JVMs a launcher starts
 * (JDK AppCDS): the JVMs of a deployment all load the same few thousand classes of Pekko, and
 * mapping them from an archive cuts each one's start-up CPU by about a third, which matters
 * when five JVMs start at once on two cores.
 *
 * <p>The archive is recorded ahead of time by {@code RecordClassData} (the examples' build does
 * so after writing the jar); failing that, the first launch on a class path records it as one
 * member exits. Launches map it. An archive is named by a hash of the JVM and of every jar of
 * the class path (absolute path, size, modification time), so a rebuild records a new one. CDS
 * needs a class path of jars only: with a directory on it (a build's {@code target/classes}), no
 * archive is used.
 */
public final class ClassDataArchive {

    private final Path archive;
    private final Path dir;
    private final String family;

    private ClassDataArchive(Path dir, String family, String version) {
        this.dir = dir;
        this.family = family;
        this.archive = dir.resolve(family + "-" + version + ".jsa");
    }

    /**
     * The archive for {@code classpath} as {@code sluice.localhost.class-data-sharing} configures
     * it, with its directory made: none when disabled, when the class path has a directory, or
     * when the directory cannot be written.
     */
    public static Optional<ClassDataArchive> configured(Config config, String classpath) {
        Config cds = config.getConfig("sluice.localhost.class-data-sharing");
        if (!cds.getBoolean("enabled")) {
            return Optional.empty();
        }
        return forClasspath(classpath, Path.of(cds.getString("dir"))).filter(ClassDataArchive::prepare);
    }

    /** The archive for {@code classpath} in {@code dir}, if that class path can have one. */
    public static Optional<ClassDataArchive> forClasspath(String classpath, Path dir) {
        List<Path> entries = new ArrayList<>();
        List<Path> jars = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            entries.add(jar);
            if (!addJars(jar, jars, 2)) {
                return Optional.empty();
            }
        }
        String jvm = System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
        StringBuilder contents = new StringBuilder(jvm);
        for (Path jar : jars) {
            try {
                contents.append('|').append(jar).append(':').append(Files.size(jar)).append(':')
                        .append(Files.getLastModifiedTime(jar).toMillis());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        // Named by the jars, not by how the class path spells them: the build records the archive
        // for target/app.jar, a user runs app.jar from its directory, and both find the same one.
        String family = jvm + "|" + entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        return Optional.of(new ClassDataArchive(dir, hash(family), hash(contents.toString())));
    }

    /** The JVM options for one member: map the archive if there is one, else (if {@code record}) record it. */
    public List<String> options(boolean record) {
        if (Files.isReadable(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        return record ? List.of("-XX:ArchiveClassesAtExit=" + recording()) : List.of();
    }

    /** After the recording member exited: publish its archive, and drop older ones of this class path. */
    public void publish() {
        Path recorded = recording();
        if (!Files.isReadable(recorded)) {
            return;
        }
        try {
            Files.move(recorded, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, family + "-*.jsa")) {
                for (Path p : old) {
                    if (!p.equals(archive)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            // a cache: without it, members only start more slowly
        }
    }

    /** Where the archive is (or will be once recorded). */
    public Path path() {
        return archive;
    }

    /** Whether the archive has been recorded. */
    public boolean exists() {
        return Files.isReadable(archive);
    }

    /** Drops a recording that did not complete. */
    public void discardRecording() {
        try {
            Files.deleteIfExists(recording());
        } catch (IOException e) {
            // a leftover file in a cache directory: harmless
        }
    }

    private Path recording() {
        return dir.resolve(archive.getFileName() + ".recording-" + ProcessHandle.current().pid());
    }

    /** Ensures the archive's directory exists; false when it cannot be made. */
    boolean prepare() {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir);
        } catch (IOException e) {
            return false;
        }
    }

    /** Adds {@code entry} and the jars its manifest names; false when a directory is on the path. */
    private static boolean addJars(Path entry, List<Path> jars, int depth) {
        if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return false;
        }
        if (jars.contains(entry)) {
            return true;
        }
        jars.add(entry);
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return true;
            }
            if (depth == 0) {
                return false;
            }
            for (String ref : classPath.trim().split("\\s+")) {
                if (!addJars(Path.of(entry.getParent().toUri().resolve(ref)).normalize(), jars, depth - 1)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false; // unreadable, or a Class-Path entry that is not a file URL
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
