package io.sluice.runtime.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes the elements of a batch into the payload of a {@link WireMessage.Batch}, and back.
 *
 * <p>The data plane moves batches of elements between members, so the payload format is written
 * by hand: Jackson CBOR costs about ten times more than raw writes for a batch of numbers (see
 * PEKKO-NOTES). Layout, big-endian, {@code varint} being an unsigned LEB128 int:
 *
 * <pre>
 * batch    = version:u8  count:varint  shape:u8  body
 * INTS     body = count × int32
 * LONGS    body = count × int64
 * DOUBLES  body = count × int64            (raw IEEE bits: NaN payloads and -0.0 survive)
 * STRINGS  body = count × string
 * TAGGED   body = count × value            (mixed classes, other classes, or no elements)
 * string   = length:varint utf8
 * value    = INT int32 | LONG int64 | DOUBLE int64 | FLOAT int32 | SHORT int16 | BYTE int8
 *          | FALSE | TRUE | CHAR u16 | STRING string | BYTES length:varint bytes
 *          | MEMBER_ID raw:varint | KV key:value value:value
 *          | OBJECT class:varint [name:string] length:int32 cbor
 * </pre>
 *
 * The four uniform shapes cover the common batch of one boxed type with no per-element tag. In
 * the tagged shape each distinct class of an {@code OBJECT} is named once per batch: its index is
 * its rank of first use, and an index equal to the number of classes seen so far introduces a
 * new class whose name follows. The object itself is Jackson CBOR, so it must be a record or a
 * bean that Jackson can rebuild; its fields are typed by their declared types, so a field
 * declared {@code Object} or {@code Number} does not keep its exact class. The class name comes
 * from the sender and is loaded on the receiver: peers in a cluster are trusted.
 */
public final class ElementCodec {

    private static final byte VERSION = 1;

    private static final byte SHAPE_INTS = 1;
    private static final byte SHAPE_LONGS = 2;
    private static final byte SHAPE_DOUBLES = 3;
    private static final byte SHAPE_STRINGS = 4;
    private static final byte SHAPE_TAGGED = 5;

    private static final byte TAG_INT = 1;
    private static final byte TAG_LONG = 2;
    private static final byte TAG_DOUBLE = 3;
    private static final byte TAG_FLOAT = 4;
    private static final byte TAG_SHORT = 5;
    private static final byte TAG_BYTE = 6;
    private static final byte TAG_FALSE = 7;
    private static final byte TAG_TRUE = 8;
    private static final byte TAG_CHAR = 9;
    private static final byte TAG_STRING = 10;
    private static final byte TAG_BYTES = 11;
    private static final byte TAG_MEMBER_ID = 12;
    private static final byte TAG_KV = 13;
    private static final byte TAG_OBJECT = 14;

    /** Deepest nesting of {@link KV}s accepted, so that hostile input cannot overflow the stack. */
    private static final int MAX_DEPTH = 64;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    /**
     * The fallback for classes the format does not know. Built once (mappers are thread safe and
     * cache serializers per class) with the modules Pekko's own Jackson serializer registers for
     * Java: constructor parameter names, {@code Optional} and {@code java.time}.
     */
    private static final ObjectMapper MAPPER = CBORMapper.builder()
            .addModule(new ParameterNamesModule())
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .build();

    /** Classes named by received batches, by name. */
    private static final ConcurrentHashMap<String, Class<?>> CLASSES = new ConcurrentHashMap<>();

    private ElementCodec() {
    }

    /**
     * Encodes {@code elements[from, to)}.
     *
     * @throws IllegalArgumentException if an element is null, or is of a class Jackson cannot write
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    public static byte[] encode(Object[] elements, int from, int to) {
        Objects.checkFromToIndex(from, to, elements.length);
        int count = to - from;
        byte shape = shapeOf(elements, from, to);
        int header = 2 + varintSize(count);
        // Exact for the fixed-width shapes, so no copy at the end; a first guess for the others.
        Writer out = new Writer(header + count * (shape == SHAPE_INTS ? 4 : 8));
        out.writeByte(VERSION);
        out.writeVarint(count);
        out.writeByte(shape);
        switch (shape) {
            case SHAPE_INTS -> {
                for (int i = from; i < to; i++) {
                    out.writeInt((Integer) elements[i]);
                }
            }
            case SHAPE_LONGS -> {
                for (int i = from; i < to; i++) {
                    out.writeLong((Long) elements[i]);
                }
            }
            case SHAPE_DOUBLES -> {
                for (int i = from; i < to; i++) {
                    out.writeLong(Double.doubleToRawLongBits((Double) elements[i]));
                }
            }
            case SHAPE_STRINGS -> {
                for (int i = from; i < to; i++) {
                    out.writeString((String) elements[i]);
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    out.writeValue(elements[i], 0);
                }
            }
        }
        return out.toByteArray();
    }

    /** How many elements a payload written by {@link #encode} holds, read from its header. */
    public static int count(byte[] bytes) {
        Reader in = new Reader(bytes);
        in.readByte();
        return in.readVarint();
    }

    /**
     * Decodes a payload written by {@link #encode} into a new array, in the order encoded.
     *
     * @throws IllegalArgumentException if the bytes are truncated, malformed, name an unknown
     *                                  class, or hold an object Jackson cannot rebuild
     */
    public static Object[] decode(byte[] bytes) {
        Reader in = new Reader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported element format version " + version + ", expected " + VERSION);
        }
        int count = in.readVarint();
        int shape = in.readByte();
        in.expect(count, minWidth(shape));
        Object[] elements = new Object[count];
        switch (shape) {
            case SHAPE_INTS -> {
                for (int i = 0; i < count; i++) {
                    elements[i] = in.readInt();
                }
            }
            case SHAPE_LONGS -> {
                for (int i = 0; i < count; i++) {
                    elements[i] = in.readLong();
                }
            }
            case SHAPE_DOUBLES -> {
                for (int i = 0; i < count; i++) {
                    elements[i] = Double.longBitsToDouble(in.readLong());
                }
            }
            case SHAPE_STRINGS -> {
                for (int i = 0; i < count; i++) {
                    elements[i] = in.readString();
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    elements[i] = in.readValue(0);
                }
            }
        }
        in.expectEnd(count);
        return elements;
    }

    /** The shape for the range: a uniform one when all elements share one of its classes, else tagged. */
    private static byte shapeOf(Object[] elements, int from, int to) {
        Class<?> common = from < to ? nonNull(elements, from).getClass() : Object.class;
        for (int i = from + 1; i < to; i++) {
            if (nonNull(elements, i).getClass() != common) {
                common = Object.class;
            }
        }
        if (common == Integer.class) {
            return SHAPE_INTS;
        } else if (common == Long.class) {
            return SHAPE_LONGS;
        } else if (common == Double.class) {
            return SHAPE_DOUBLES;
        } else if (common == String.class) {
            return SHAPE_STRINGS;
        }
        return SHAPE_TAGGED;
    }

    /** The fewest bytes one element of {@code shape} takes. */
    private static int minWidth(int shape) {
        return switch (shape) {
            case SHAPE_INTS -> 4;
            case SHAPE_LONGS, SHAPE_DOUBLES -> 8;
            case SHAPE_STRINGS, SHAPE_TAGGED -> 1;
            default -> throw new IllegalArgumentException("unknown batch shape " + shape);
        };
    }

    private static Object nonNull(Object[] elements, int index) {
        Object element = elements[index];
        if (element == null) {
            throw new IllegalArgumentException("cannot encode the null at index " + index + ": stream elements are never null");
        }
        return element;
    }

    private static int varintSize(int value) {
        return (38 - Integer.numberOfLeadingZeros(value | 1)) / 7;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("KVs nested deeper than " + MAX_DEPTH);
        }
    }

    private static String cannotRebuild(String action, Class<?> type) {
        return "cannot " + action + " an element of " + type.getName() + " with Jackson CBOR: make it a record,"
                + " or a bean with a no-arg or canonical constructor (and getters/setters or public fields)";
    }

    /** The class named {@code name}, from the thread context class loader or else Sluice's. */
    private static Class<?> resolve(String name) {
        return CLASSES.computeIfAbsent(name, ElementCodec::load);
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
            return Class.forName(name, false, ElementCodec.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("batch names the unknown element class " + name, e);
        }
    }

    /**
     * A growable byte array the payload is written into, with the batch's class table. It is an
     * {@link OutputStream} only so that Jackson can write objects straight into it.
     */
    private static final class Writer extends OutputStream {

        private byte[] buf;
        private int pos;
        private Class<?>[] classes = new Class<?>[0];
        private int classCount;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        /** Makes room for {@code n} more bytes and returns where they start. */
        private int reserve(int n) {
            int at = pos;
            if (buf.length - at < n) {
                buf = Arrays.copyOf(buf, Math.max(buf.length << 1, at + n));
            }
            pos = at + n;
            return at;
        }

        @Override
        public void write(int b) {
            writeByte(b);
        }

        @Override
        public void write(byte[] bytes, int off, int len) {
            int at = reserve(len);
            System.arraycopy(bytes, off, buf, at, len);
        }

        void writeByte(int b) {
            int at = reserve(1);
            buf[at] = (byte) b;
        }

        void writeShort(int v) {
            int at = reserve(2);
            SHORT.set(buf, at, (short) v);
        }

        void writeInt(int v) {
            int at = reserve(4);
            INT.set(buf, at, v);
        }

        void writeLong(long v) {
            int at = reserve(8);
            LONG.set(buf, at, v);
        }

        void writeVarint(int v) {
            while ((v & ~0x7F) != 0) {
                writeByte((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            writeByte(v);
        }

        void writeBytes(byte[] bytes) {
            writeVarint(bytes.length);
            write(bytes, 0, bytes.length);
        }

        void writeString(String s) {
            writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** Writes one tagged value, dispatching on the classes most likely first. */
        void writeValue(Object v, int depth) {
            if (v instanceof Integer i) {
                writeByte(TAG_INT);
                writeInt(i);
            } else if (v instanceof Long l) {
                writeByte(TAG_LONG);
                writeLong(l);
            } else if (v instanceof String s) {
                writeByte(TAG_STRING);
                writeString(s);
            } else if (v instanceof KV<?, ?> kv) {
                checkDepth(depth);
                writeByte(TAG_KV);
                writeValue(kv.key(), depth + 1);
                writeValue(kv.value(), depth + 1);
            } else if (v instanceof MemberId<?> id) {
                writeByte(TAG_MEMBER_ID);
                writeVarint(id.raw());
            } else if (v instanceof Double d) {
                writeByte(TAG_DOUBLE);
                writeLong(Double.doubleToRawLongBits(d));
            } else if (v instanceof Float f) {
                writeByte(TAG_FLOAT);
                writeInt(Float.floatToRawIntBits(f));
            } else if (v instanceof Short s) {
                writeByte(TAG_SHORT);
                writeShort(s);
            } else if (v instanceof Byte b) {
                writeByte(TAG_BYTE);
                writeByte(b);
            } else if (v instanceof Boolean b) {
                writeByte(b ? TAG_TRUE : TAG_FALSE);
            } else if (v instanceof Character c) {
                writeByte(TAG_CHAR);
                writeShort(c);
            } else if (v instanceof byte[] bytes) {
                writeByte(TAG_BYTES);
                writeBytes(bytes);
            } else {
                writeObject(v);
            }
        }

        /** Writes the class (by index, named on first use) then the object as length-prefixed CBOR. */
        private void writeObject(Object v) {
            Class<?> type = v.getClass();
            int index = indexOf(type);
            writeByte(TAG_OBJECT);
            writeVarint(index);
            if (index == classCount) {
                define(type);
                writeString(type.getName());
            }
            int lengthAt = reserve(4);
            try {
                MAPPER.writeValue(this, v);
            } catch (IOException e) {
                throw new IllegalArgumentException(cannotRebuild("encode", type), e);
            }
            INT.set(buf, lengthAt, pos - lengthAt - 4);
        }

        /** The index of {@code type} in the class table, or the next index if it is not there yet. */
        private int indexOf(Class<?> type) {
            for (int i = 0; i < classCount; i++) {
                if (classes[i] == type) {
                    return i;
                }
            }
            return classCount;
        }

        private void define(Class<?> type) {
            if (classCount == classes.length) {
                classes = Arrays.copyOf(classes, Math.max(4, classCount * 2));
            }
            classes[classCount++] = type;
        }

        byte[] toByteArray() {
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        }
    }

    /** Reads a payload with bounds checks, and the class table the batch defines as it goes. */
    private static final class Reader {

        private final byte[] buf;
        private int pos;
        private final List<Class<?>> classes = new ArrayList<>();

        Reader(byte[] buf) {
            this.buf = buf;
        }

        /** Consumes {@code n} bytes and returns where they start. */
        private int take(int n) {
            if (n < 0 || buf.length - pos < n) {
                throw new IllegalArgumentException("truncated batch: " + n + " bytes needed at offset " + pos
                        + " of " + buf.length);
            }
            int at = pos;
            pos = at + n;
            return at;
        }

        /** Fails before allocating when {@code count} elements of at least {@code width} bytes cannot fit. */
        void expect(int count, int width) {
            if (count > (buf.length - pos) / width) {
                throw new IllegalArgumentException("truncated batch: " + count + " elements cannot fit in "
                        + (buf.length - pos) + " bytes");
            }
        }

        void expectEnd(int count) {
            if (pos != buf.length) {
                throw new IllegalArgumentException((buf.length - pos) + " unexpected bytes after the " + count
                        + " elements of the batch");
            }
        }

        int readByte() {
            return buf[take(1)];
        }

        short readShort() {
            return (short) SHORT.get(buf, take(2));
        }

        int readInt() {
            return (int) INT.get(buf, take(4));
        }

        long readLong() {
            return (long) LONG.get(buf, take(8));
        }

        int readVarint() {
            int start = pos;
            int value = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                int b = readByte();
                value |= (b & 0x7F) << shift;
                if (b >= 0) {
                    if (value < 0) {
                        break;
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed length or count at offset " + start);
        }

        byte[] readBytes() {
            int length = readVarint();
            int at = take(length);
            return Arrays.copyOfRange(buf, at, at + length);
        }

        String readString() {
            int length = readVarint();
            return new String(buf, take(length), length, StandardCharsets.UTF_8);
        }

        Object readValue(int depth) {
            int tag = readByte();
            return switch (tag) {
                case TAG_INT -> readInt();
                case TAG_LONG -> readLong();
                case TAG_STRING -> readString();
                case TAG_KV -> {
                    checkDepth(depth);
                    Object key = readValue(depth + 1);
                    yield KV.of(key, readValue(depth + 1));
                }
                case TAG_MEMBER_ID -> MemberId.of(readVarint());
                case TAG_DOUBLE -> Double.longBitsToDouble(readLong());
                case TAG_FLOAT -> Float.intBitsToFloat(readInt());
                case TAG_SHORT -> readShort();
                case TAG_BYTE -> (byte) readByte();
                case TAG_FALSE -> false;
                case TAG_TRUE -> true;
                case TAG_CHAR -> (char) readShort();
                case TAG_BYTES -> readBytes();
                case TAG_OBJECT -> readObject();
                default -> throw new IllegalArgumentException("unknown element tag " + tag + " at offset " + (pos - 1));
            };
        }

        private Object readObject() {
            int index = readVarint();
            if (index == classes.size()) {
                classes.add(resolve(readString()));
            } else if (index > classes.size()) {
                throw new IllegalArgumentException("class index " + index + " at offset " + pos + " but the batch has named only "
                        + classes.size() + " classes");
            }
            Class<?> type = classes.get(index);
            int length = readInt();
            int at = take(length);
            Object value;
            try {
                value = MAPPER.readValue(buf, at, length, type);
            } catch (IOException e) {
                throw new IllegalArgumentException(cannotRebuild("decode", type), e);
            }
            if (value == null) {
                throw new IllegalArgumentException("an element of " + type.getName() + " decoded as null");
            }
            return value;
        }
    }
}
