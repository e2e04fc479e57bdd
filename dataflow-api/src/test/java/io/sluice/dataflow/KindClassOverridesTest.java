package io.sluice.dataflow;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kind classes ({@code ProcessStream}, {@code ClusterSingleton}, ...) override every operator
 * of their base collection only to narrow its return type, so that a chain of operators keeps its
 * location's kind (and its network operators). An operator added to a base collection without
 * those overrides would silently widen the type of every chain through it: this test names it.
 */
class KindClassOverridesTest {

    /** The base collections, each sealed over one kind class per location family. */
    private static final List<Class<?>> BASES =
            List.of(Stream.class, KeyedStream.class, Singleton.class, OptionalValue.class, KeyedSingleton.class);

    /**
     * The public operators of {@code base}: public instance methods that return a live collection,
     * declared in it or in its package-private bases (whose methods {@code getMethods()} shows only
     * as synthetic bridges).
     */
    static List<Method> operators(Class<?> base) {
        Map<String, Method> bySignature = new TreeMap<>();
        for (Class<?> c = base; c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isBridge()
                        && !m.isSynthetic() && Located.class.isAssignableFrom(m.getReturnType())) {
                    bySignature.putIfAbsent(signature(m), m);
                }
            }
        }
        return List.copyOf(bySignature.values());
    }

    /** The problems of {@code kind}, a kind class of {@code base}: operators not overridden with the kind's type. */
    static List<String> problems(Class<?> base, Class<?> kind) {
        String family = family(kind);
        List<String> problems = new ArrayList<>();
        for (Method operator : operators(base)) {
            Class<?> expected = kindOf(operator.getReturnType(), family);
            Method override = Arrays.stream(kind.getDeclaredMethods())
                    .filter(m -> !m.isBridge() && !m.isSynthetic() && signature(m).equals(signature(operator)))
                    .findFirst().orElse(null);
            if (override == null) {
                problems.add(kind.getSimpleName() + " does not override " + base.getSimpleName() + "."
                        + signature(operator) + ": add an override returning " + expected.getSimpleName()
                        + " (a cast of super's result)");
            } else if (override.getReturnType() != expected) {
                problems.add(kind.getSimpleName() + "." + signature(operator) + " returns "
                        + override.getReturnType().getSimpleName() + ", not " + expected.getSimpleName());
            }
        }
        return problems;
    }

    @Test
    void everyKindClassOverridesEveryOperatorOfItsBaseWithItsOwnKindAsTheReturnType() {
        List<String> problems = new ArrayList<>();
        int kinds = 0;
        for (Class<?> base : BASES) {
            assertTrue(operators(base).size() > 0, base.getSimpleName() + " has operators");
            for (Class<?> kind : base.getPermittedSubclasses()) {
                problems.addAll(problems(base, kind));
                kinds++;
            }
        }
        assertEquals(10, kinds, "a Process and a Cluster kind class for each of the five base collections");
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void theCheckSeesOperatorsInheritedFromPackagePrivateBasesAndTheFamilyOfEachResult() {
        List<String> names = operators(Stream.class).stream().map(Method::getName).toList();
        assertTrue(names.containsAll(List.of("map", "fold", "keyBy", "batch")), names.toString());
        assertEquals(ProcessSingleton.class, kindOf(Singleton.class, "Process"));
        assertEquals(ClusterKeyedStream.class, kindOf(KeyedStream.class, "Cluster"));
    }

    /** {@code Process} or {@code Cluster}: the location family a kind class is for. */
    private static String family(Class<?> kind) {
        String name = kind.getSimpleName();
        assertTrue(name.startsWith("Process") || name.startsWith("Cluster"), name + " is a kind class");
        return name.startsWith("Process") ? "Process" : "Cluster";
    }

    /** The kind class of {@code family} for a result of type {@code type}, e.g. ProcessSingleton for Singleton. */
    private static Class<?> kindOf(Class<?> type, String family) {
        return Arrays.stream(type.getPermittedSubclasses()).filter(k -> k.getSimpleName().startsWith(family))
                .findFirst().orElseThrow(() -> new AssertionError(type + " has no " + family + " kind class"));
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList().toString()
                .replace('[', '(').replace(']', ')');
    }
}
