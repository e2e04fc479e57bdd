package io.sluice.runtime.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.io.IOException;

/**
 * An allow-listed class that is neither a record nor an enum (a bean), as length-prefixed Jackson
 * CBOR: its fields are typed by their declared types (no polymorphic typing, so nothing inside
 * names a class), and a field declared {@code Object} or {@code Number} does not keep its exact
 * class. Kept for beans that users list in {@code sluice.serialization.allowed-classes}; records
 * never come here.
 */
final class JacksonCodec implements ObjectCodec {

    /**
     * Built once (mappers are thread safe and cache serializers per class) with the modules
     * Pekko's own Jackson serializer registers for Java: constructor parameter names,
     * {@code Optional} and {@code java.time}.
     */
    private static final ObjectMapper MAPPER = CBORMapper.builder()
            .addModule(new ParameterNamesModule())
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .build();

    private final Class<?> type;

    JacksonCodec(Class<?> type) {
        this.type = type;
    }

    @Override
    public Class<?> type() {
        return type;
    }

    @Override
    public void write(ElementWriter out, Object value, int depth) {
        int lengthAt = out.reserveInt();
        try {
            MAPPER.writeValue(out, value);
        } catch (IOException e) {
            throw new ElementEncodingException(cannot("encode"), e);
        }
        out.patchLength(lengthAt);
    }

    @Override
    public Object read(ElementReader in, int depth) {
        int length = in.readInt();
        int at = in.take(length);
        Object value;
        try {
            value = MAPPER.readValue(in.buffer(), at, length, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(cannot("decode"), e);
        }
        if (value == null) {
            throw new IllegalArgumentException("an element of " + type.getName() + " decoded as null");
        }
        return value;
    }

    private String cannot(String action) {
        return "cannot " + action + " an element of " + type.getName() + " with Jackson CBOR: make it a record,"
                + " or a bean with a no-arg or canonical constructor (and getters/setters or public fields)";
    }
}
