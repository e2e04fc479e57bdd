package io.sluice.deploy.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassDataArchiveTest {

    @TempDir
    Path dir;

    private Path jar(String name, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Path jar = dir.resolve(name);
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    @Test
    void aClassPathOfJarsRecordsOnceThenMaps() throws IOException {
        jar("lib/dep.jar", null);
        Path app = jar("app.jar", "lib/dep.jar");
        Path cache = dir.resolve("cache");
        ClassDataArchive archive = ClassDataArchive.forClasspath(app.toString(), cache).orElseThrow();
        assertTrue(archive.prepare());
        List<String> record = archive.options(true);
        assertEquals(1, record.size());
        assertTrue(record.get(0).startsWith("-XX:ArchiveClassesAtExit=" + cache), record.toString());
        assertEquals(List.of(), archive.options(false), "only one member records");

        Files.writeString(Path.of(record.get(0).substring(record.get(0).indexOf('=') + 1)), "recorded");
        archive.publish();
        List<String> map = archive.options(true);
        assertEquals(1, map.size());
        assertTrue(map.get(0).startsWith("-XX:SharedArchiveFile=" + cache), map.toString());
    }

    @Test
    void aRebuiltJarGetsANewArchive() throws IOException {
        Path app = jar("app.jar", null);
        Path cache = dir.resolve("cache");
        String before = ClassDataArchive.forClasspath(app.toString(), cache).orElseThrow().options(true).get(0);
        Files.setLastModifiedTime(app, FileTime.fromMillis(Files.getLastModifiedTime(app).toMillis() + 5_000));
        String after = ClassDataArchive.forClasspath(app.toString(), cache).orElseThrow().options(true).get(0);
        assertNotEquals(before, after);
    }

    @Test
    void aDirectoryOnTheClassPathMeansNoArchive() throws IOException {
        Path app = jar("app.jar", "classes/");
        Files.createDirectories(dir.resolve("classes"));
        assertEquals(Optional.empty(), ClassDataArchive.forClasspath(app.toString(), dir.resolve("cache")));
        assertEquals(Optional.empty(), ClassDataArchive.forClasspath(dir.resolve("classes").toString(), dir.resolve("cache")));
    }

    @Test
    void theSameJarsFindTheSameArchiveHoweverTheClassPathSpellsThem() throws IOException {
        jar("lib/dep.jar", null);
        Path app = jar("app.jar", "lib/dep.jar");
        Path cache = dir.resolve("cache");
        Path relative = Path.of("").toAbsolutePath().relativize(app);
        Path roundabout = dir.resolve("lib/../app.jar");
        Path archive = ClassDataArchive.forClasspath(app.toString(), cache).orElseThrow().path();
        assertEquals(archive, ClassDataArchive.forClasspath(relative.toString(), cache).orElseThrow().path());
        assertEquals(archive, ClassDataArchive.forClasspath(roundabout.toString(), cache).orElseThrow().path());
    }
}
