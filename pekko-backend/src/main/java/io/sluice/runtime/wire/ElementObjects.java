package io.sluice.runtime.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code OBJECT} value of the {@link ElementCodec} format, for classes the format does not
 * know: Jackson CBOR, and the classes that received batches name.
 */
final class ElementObjects {

    /**
     * The fallback for classes the format does not know. Built once (mappers are thread safe and
     * cache serializers per class) with the modules Pekko's own Jackson serializer registers for
     * Java: constructor parameter names, {@code Optional} and {@code java.time}.
     */
    static final ObjectMapper MAPPER = CBORMapper.builder()
            .addModule(new ParameterNamesModule())
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .build();

    /** Classes named by received batches, by name. */
    private static final ConcurrentHashMap<String, Class<?>> CLASSES = new ConcurrentHashMap<>();

    private ElementObjects() {
    }

    static String cannotRebuild(String action, Class<?> type) {
        return "cannot " + action + " an element of " + type.getName() + " with Jackson CBOR: make it a record,"
                + " or a bean with a no-arg or canonical constructor (and getters/setters or public fields)";
    }

    /** The class named {@code name}, from the thread context class loader or else Sluice's. */
    static Class<?> resolve(String name) {
        return CLASSES.computeIfAbsent(name, ElementObjects::load);
    }

    private static Class<?> load(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(name, false, context);
            } catch (ClassNotFoundException e) {
                // fall back to our own loader below
            }
        }
        try {
            return Class.forName(name, false, ElementObjects.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("batch names the unknown element class " + name, e);
        }
    }
}
