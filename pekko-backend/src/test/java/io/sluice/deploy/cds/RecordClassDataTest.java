package io.sluice.deploy.cds;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.sluice.deploy.launch.ClassDataArchive;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build step that records the class data sharing archive ahead of the first launch: it
 * writes the archive the launcher looks up, one the JVM maps, and it never fails.
 */
class RecordClassDataTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private Config config(Path cache, List<String> jvmOptions) {
        return ConfigFactory.load()
                .withValue("sluice.localhost.class-data-sharing.dir", ConfigValueFactory.fromAnyRef(cache.toString()))
                .withValue("sluice.localhost.jvm-options", ConfigValueFactory.fromIterable(jvmOptions));
    }

    private static List<String> memberOptions() {
        return ConfigFactory.load().getStringList("sluice.localhost.jvm-options");
    }

    @Test
    void recordsTheArchiveTheLauncherFindsAndTheJvmMapsIt() throws Exception {
        String classpath = runnableJar().toString();
        Path cache = dir.resolve("cache");
        RecordClassData.Outcome outcome = RecordClassData.record(classpath, config(cache, memberOptions()), TIMEOUT);
        assertTrue(outcome.recorded(), outcome.message());

        ClassDataArchive found = ClassDataArchive.forClasspath(classpath, cache).orElseThrow();
        assertTrue(found.exists(), "the launcher finds " + found.path() + "; the cache holds " + list(cache));
        assertEquals(List.of("-XX:SharedArchiveFile=" + found.path()), found.options(true), "members map it");
        assertEquals(List.of(found.path().getFileName().toString()), list(cache), "no recording left behind");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.lang.Process check = new ProcessBuilder(java, "-Xshare:on", "-XX:SharedArchiveFile=" + found.path(),
                "-XX:+PrintSharedArchiveAndExit", "-cp", classpath).redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertTrue(report.contains("archive is valid"), report);

        RecordClassData.Outcome again = RecordClassData.record(classpath, config(cache, memberOptions()), TIMEOUT);
        assertTrue(again.recorded() && again.message().startsWith("already recorded"), again.message());
    }

    @Test
    void aRecordingThatFailsLeavesNoArchiveAndTheFirstLaunchRecordsInstead() throws Exception {
        Path app = emptyJar(dir.resolve("app.jar"), List.of());
        Path cache = dir.resolve("cache");
        List<String> broken = new ArrayList<>(memberOptions());
        broken.add("-XX:+NoSuchOptionInAnyJvm");
        RecordClassData.Outcome outcome = RecordClassData.record(app.toString(), config(cache, broken), TIMEOUT);
        assertFalse(outcome.recorded());
        assertTrue(outcome.message().contains("exited with code"), outcome.message());
        assertEquals(List.of(), list(cache), "nothing published, no recording left behind");
        ClassDataArchive archive = ClassDataArchive.forClasspath(app.toString(), cache).orElseThrow();
        assertTrue(archive.options(true).get(0).startsWith("-XX:ArchiveClassesAtExit="),
                "the first launch records the archive: " + archive.options(true));
    }

    @Test
    void aClassPathWithADirectoryIsNotRecordedAndNothingFails() {
        Path cache = dir.resolve("cache");
        RecordClassData.Outcome outcome = RecordClassData.record(dir.toString(), config(cache, memberOptions()), TIMEOUT);
        assertFalse(outcome.recorded());
        assertTrue(outcome.message().startsWith("not recorded"), outcome.message());
    }

    /**
     * A jar whose manifest names every entry of this test's class path, with each directory
     * (target/classes) packed into a jar of its own: CDS takes jars only.
     */
    private Path runnableJar() throws IOException {
        List<String> refs = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                Path packed = dir.resolve("lib/dir-" + n++ + ".jar");
                packDirectory(p, packed);
                refs.add(packed.toUri().toString());
            } else if (entry.endsWith(".jar")) {
                refs.add(p.toUri().toString());
            }
        }
        return emptyJar(dir.resolve("app.jar"), refs);
    }

    private static Path emptyJar(Path jar, List<String> classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (!classPath.isEmpty()) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    private static void packDirectory(Path root, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(root.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
