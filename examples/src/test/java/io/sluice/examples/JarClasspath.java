package io.sluice.examples;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * This test JVM's class path with every directory on it ({@code target/classes},
 * {@code target/test-classes}) packed as a jar in {@code target/jvm-run}, once per test JVM: the
 * class path of the programs {@link JvmRun} starts. Class data sharing needs a class path of jars
 * only (see {@code ClassDataArchive}); the classes are the same.
 */
final class JarClasspath {

    /** Where the jars go. */
    static final Path DIR = Path.of("target", "jvm-run").toAbsolutePath();
    /** Where the launchers record and find their members' class data sharing archive. */
    static final Path CDS = DIR.resolve("cds");

    private static String classpath;

    private JarClasspath() {
    }

    static synchronized String get() {
        if (classpath == null) {
            try {
                classpath = build(System.getProperty("java.class.path"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not pack the test class path as jars", e);
            }
        }
        return classpath;
    }

    private static String build(String testClasspath) throws IOException {
        Files.createDirectories(DIR);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : testClasspath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = DIR.resolve(n++ + "-" + path.getFileName() + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void pack(Path dir, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.equals(dir)) {
                    continue;
                }
                String name = dir.relativize(p).toString().replace(File.separatorChar, '/');
                if (Files.isDirectory(p)) {
                    out.putNextEntry(new JarEntry(name + "/"));
                } else {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(p, out);
                }
                out.closeEntry();
            }
        }
    }
}
