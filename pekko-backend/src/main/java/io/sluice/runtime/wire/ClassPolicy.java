package io.sluice.runtime.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which classes an {@link ElementCodec} may send and build as {@code OBJECT}s: records, enums,
 * and the classes of {@code sluice.serialization.allowed-classes}, never a class under a
 * {@linkplain #DENIED denied package} (the built-in value types have tags of their own and are
 * never named).
 *
 * <p>A name from the network is checked as a name first (syntax, denied packages), and only then
 * loaded, without initialization; the loaded class is accepted if it is a record or an enum, or
 * if its name is allow-listed. Accepted classes are cached by name; refused names are not (so
 * that hostile names cannot grow the cache), which costs only a string check for a denied name.
 */
final class ClassPolicy {

    /** Loads a class by name without initializing it; a hook so that tests can see what is loaded. */
    @FunctionalInterface
    interface ClassLoading {
        Class<?> load(String name) throws ClassNotFoundException;
    }

    /** The thread's context class loader, then Sluice's own; never initializes the class. */
    static final ClassLoading CLASS_PATH = ClassPolicy::loadFromClassPath;

    /** Packages whose classes are never sent or built as objects, whatever the allow-list says. */
    static final List<String> DENIED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.apache.pekko.",
            "scala.", "io.sluice.deploy.", "io.sluice.runtime.", "io.sluice.plan.");

    static final String SETTING = "sluice.serialization.allowed-classes";

    private static final int MAX_NAME_LENGTH = 1024;

    private final Set<String> allowedNames;
    private final List<String> allowedPrefixes;
    private final ClassLoading loading;
    private final ConcurrentHashMap<String, ObjectCodec> accepted = new ConcurrentHashMap<>();

    private ClassPolicy(Set<String> allowedNames, List<String> allowedPrefixes, ClassLoading loading) {
        this.allowedNames = allowedNames;
        this.allowedPrefixes = allowedPrefixes;
        this.loading = loading;
    }

    /**
     * @throws IllegalArgumentException if an entry is neither a class name nor a package prefix
     *                                  ending in {@code .}, or lies under a denied package
     */
    static ClassPolicy of(List<String> allowedClasses, ClassLoading loading) {
        List<String> names = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String entry : allowedClasses) {
            boolean prefix = entry.endsWith(".");
            String name = prefix ? entry.substring(0, entry.length() - 1) : entry;
            if (!isBinaryName(name)) {
                throw new IllegalArgumentException(SETTING + ": '" + entry + "' is neither a fully-qualified class name"
                        + " nor a package prefix ending in '.'");
            }
            if (deniedPackage(entry) != null) {
                throw new IllegalArgumentException(SETTING + ": '" + entry + "' lies under " + deniedPackage(entry)
                        + ", whose classes are never decoded from the network");
            }
            (prefix ? prefixes : names).add(entry);
        }
        return new ClassPolicy(Set.copyOf(names), List.copyOf(prefixes), loading);
    }

    /**
     * The codec for sending values of {@code type} (an enum constant's declaring class).
     *
     * @throws ElementEncodingException naming the class and the setting if it may not be sent
     */
    ObjectCodec forSending(Class<?> type) {
        String name = type.getName();
        String denied = deniedPackage(name);
        if (denied != null || !(type.isRecord() || type.isEnum() || isAllowListed(name))) {
            throw new ElementEncodingException("cannot send a " + name + ": only the built-in value types, records, enums"
                    + " and the classes listed in " + SETTING + " cross the network"
                    + (denied != null ? " (and never a class under " + denied + ")"
                            : "; make it a record, or add \"" + name + "\" to " + SETTING));
        }
        return ObjectCodec.of(type);
    }

    /**
     * The codec for building values of the class a batch names.
     *
     * @throws IllegalArgumentException if the name is refused (the class is then not loaded), is
     *                                  unknown, or names a class that is not a record, an enum
     *                                  or allow-listed (loaded, never initialized)
     */
    ObjectCodec forReceiving(String name) {
        ObjectCodec codec = accepted.get(name);
        return codec != null ? codec : admit(name);
    }

    private ObjectCodec admit(String name) {
        if (name.length() > MAX_NAME_LENGTH || !isBinaryName(name)) {
            throw new IllegalArgumentException("batch names an element class that is not a class name: '"
                    + printable(name) + "'");
        }
        String denied = deniedPackage(name);
        if (denied != null) {
            throw new IllegalArgumentException("batch names the element class " + name + ", under " + denied
                    + ", which is never decoded");
        }
        Class<?> type;
        try {
            type = loading.load(name);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("batch names the unknown element class " + name, e);
        }
        if (!type.getName().equals(name) || !(type.isRecord() || type.isEnum() || isAllowListed(name))) {
            throw new IllegalArgumentException("batch names the element class " + name + ", which is not a record,"
                    + " an enum or listed in " + SETTING);
        }
        ObjectCodec codec = ObjectCodec.of(type);
        accepted.putIfAbsent(name, codec);
        return codec;
    }

    private boolean isAllowListed(String name) {
        if (allowedNames.contains(name)) {
            return true;
        }
        for (String prefix : allowedPrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The denied package {@code name} lies under, or null. */
    private static String deniedPackage(String name) {
        for (String prefix : DENIED) {
            if (name.startsWith(prefix)) {
                return prefix;
            }
        }
        return null;
    }

    /** A Java binary class name: dot-separated identifiers ({@code $} included), no array or hidden-class syntax. */
    static boolean isBinaryName(String name) {
        int segmentStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                if (i == segmentStart) {
                    return false;
                }
                segmentStart = i + 1;
            } else {
                char c = name.charAt(i);
                if (Character.isIdentifierIgnorable(c)
                        || (i == segmentStart ? !Character.isJavaIdentifierStart(c) : !Character.isJavaIdentifierPart(c))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String printable(String name) {
        String cut = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static Class<?> loadFromClassPath(String name) throws ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(name, false, context);
            } catch (ClassNotFoundException e) {
                // fall back to our own loader below
            }
        }
        return Class.forName(name, false, ClassPolicy.class.getClassLoader());
    }
}
