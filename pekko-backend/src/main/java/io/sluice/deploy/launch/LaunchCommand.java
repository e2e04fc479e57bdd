package io.sluice.deploy.launch;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to start this same program again in a child JVM: the same java, class path, main class
 * and arguments, plus the JVM options for members and the system properties that configure
 * Sluice, Pekko, Typesafe Config and Logback.
 *
 * @param java       the java executable of this JVM
 * @param jvmOptions options for the child ({@code sluice.localhost.jvm-options})
 * @param classpath  this program's class path
 * @param mainClass  the class whose {@code main} called {@code deploy()}
 * @param args       the program's arguments, when they can be read from this JVM's command line
 * @param inherited  {@code -Dkey=value} options passed on from this JVM
 */
public record LaunchCommand(String java, List<String> jvmOptions, String classpath, String mainClass, List<String> args,
                     List<String> inherited) {

    private static final List<String> INHERITED_PREFIXES = List.of("config.", "logback.", "pekko.", "sluice.");

    /**
     * The JVM's own warnings go to standard error, never to standard output, which carries
     * only what the member prints; class data sharing reports nothing.
     */
    public static final List<String> JVM_LOGGING = List.of("-Xlog:disable", "-Xlog:all=warning:stderr",
            "-Xlog:cds*=off:stderr");

    /**
     * The command of this program, as found on the calling thread's stack and this JVM's command
     * line; or, with {@code entryPoint} ({@code sluice.localhost.main-class}), that class's main
     * with no arguments.
     */
    static LaunchCommand ofThisProgram(List<String> jvmOptions, Optional<String> entryPoint) {
        if (entryPoint.isPresent() && !isMain(entryPoint.get())) {
            throw new IllegalArgumentException("sluice.localhost.main-class = " + entryPoint.get() + ": no public static"
                    + " void main(String[]) in a class of that name on the class path; name the entry point that"
                    + " builds and deploys the flow");
        }
        String main = entryPoint.or(LaunchCommand::findMainClass).orElseThrow(() -> new IllegalStateException(
                "deployment.localhost() launches this program again in one JVM per member, but deploy() was not "
                        + "called from a main(String[]) method on this thread; call it from main, or use inJvm() hosts"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> inherited = new ArrayList<>();
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            String key = p.getKey().toString();
            if (INHERITED_PREFIXES.stream().anyMatch(key::startsWith) && !key.startsWith(NodeSettings.PATH + ".")) {
                inherited.add("-D" + key + "=" + p.getValue());
            }
        }
        inherited.sort(null);
        List<String> args = entryPoint.isPresent() ? List.of() : programArgs(main);
        return new LaunchCommand(java, List.copyOf(jvmOptions), findClasspath(), main, args, List.copyOf(inherited));
    }

    /** The full command line of a child with {@code extraOptions} (JVM and {@code -D} options) added. */
    List<String> command(List<String> extraOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(JVM_LOGGING);
        cmd.addAll(jvmOptions);
        cmd.addAll(inherited);
        cmd.addAll(extraOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** The outermost {@code public static void main(String[])} on this thread's stack. */
    private static Optional<String> findMainClass() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(f -> f.getMethodName().equals("main") && isMain(f.getDeclaringClass()))
                .reduce((first, second) -> second)
                .map(f -> f.getDeclaringClass().getName()));
    }

    private static boolean isMain(String className) {
        try {
            return isMain(Class.forName(className, false, Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isMain(Class<?> type) {
        try {
            Method m = type.getMethod("main", String[].class);
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The class loader's URLs when the program runs in one (e.g. {@code mvn exec:java}), else {@code java.class.path}. */
    private static String findClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            List<String> paths = new ArrayList<>();
            for (URL url : urls.getURLs()) {
                try {
                    paths.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return System.getProperty("java.class.path");
                }
            }
            return String.join(File.pathSeparator, paths);
        }
        return System.getProperty("java.class.path");
    }

    /**
     * The arguments after the main class (or after {@code -jar <jar>}) on this JVM's command
     * line: read from {@code /proc/self/cmdline} where there is one (exact, whatever the length of
     * the class path), else from {@code sun.java.command} (split at spaces).
     */
    private static List<String> programArgs(String mainClass) {
        List<String> tokens = commandLine();
        int main = tokens.indexOf(mainClass);
        if (main >= 0) {
            return List.copyOf(tokens.subList(main + 1, tokens.size()));
        }
        int jar = tokens.indexOf("-jar");
        if (jar >= 0 && jar + 1 < tokens.size()) {
            return List.copyOf(tokens.subList(jar + 2, tokens.size()));
        }
        String command = System.getProperty("sun.java.command", "");
        List<String> words = command.isBlank() ? List.of() : Arrays.asList(command.trim().split(" +"));
        return words.size() > 1 ? List.copyOf(words.subList(1, words.size())) : List.of();
    }

    private static List<String> commandLine() {
        Path proc = Path.of("/proc/self/cmdline");
        try {
            if (Files.isReadable(proc)) {
                String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
                return Arrays.asList(raw.split("\0"));
            }
        } catch (IOException e) {
            // fall back to what the JVM says
        }
        return List.of();
    }
}
