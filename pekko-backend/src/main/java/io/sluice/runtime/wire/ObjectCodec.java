package io.sluice.runtime.wire;

/**
 * How the {@code object} of an {@code OBJECT} value of one class is written and read, bound once
 * per class: a record component by component, an enum by ordinal, an allow-listed class with
 * Jackson CBOR. Which one follows from the class, never from the sender.
 */
sealed interface ObjectCodec permits RecordCodec, EnumCodec, JacksonCodec {

    /** The codecs bound so far, one per class (the binding reflects, so it is done once). */
    ClassValue<ObjectCodec> BOUND = new ClassValue<>() {
        @Override
        protected ObjectCodec computeValue(Class<?> type) {
            if (type.isRecord()) {
                return RecordCodec.bind(type);
            } else if (type.isEnum()) {
                return new EnumCodec(type);
            }
            return new JacksonCodec(type);
        }
    };

    /**
     * The codec of {@code type}, which its caller has admitted ({@link ClassPolicy}).
     *
     * @throws ElementEncodingException if a record's accessors or constructor cannot be reached
     */
    static ObjectCodec of(Class<?> type) {
        return BOUND.get(type);
    }

    /** The class whose name the batch's class table holds. */
    Class<?> type();

    void write(ElementWriter out, Object value, int depth);

    Object read(ElementReader in, int depth);
}
