package io.sluice.runtime.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

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
 *
 * <p>This class picks the shape and writes or reads the uniform bodies; {@link ElementWriter} and
 * {@link ElementReader} write and read {@code string} and {@code value}, and {@link ElementObjects}
 * holds Jackson and the classes batches name.
 */
public final class ElementCodec {

    private static final byte VERSION = 1;

    private static final byte SHAPE_INTS = 1;
    private static final byte SHAPE_LONGS = 2;
    private static final byte SHAPE_DOUBLES = 3;
    private static final byte SHAPE_STRINGS = 4;
    private static final byte SHAPE_TAGGED = 5;

    /** The tags of {@code value}, in the order of the grammar. */
    static final byte TAG_INT = 1;
    static final byte TAG_LONG = 2;
    static final byte TAG_DOUBLE = 3;
    static final byte TAG_FLOAT = 4;
    static final byte TAG_SHORT = 5;
    static final byte TAG_BYTE = 6;
    static final byte TAG_FALSE = 7;
    static final byte TAG_TRUE = 8;
    static final byte TAG_CHAR = 9;
    static final byte TAG_STRING = 10;
    static final byte TAG_BYTES = 11;
    static final byte TAG_MEMBER_ID = 12;
    static final byte TAG_KV = 13;
    static final byte TAG_OBJECT = 14;

    /** Deepest nesting of {@link io.sluice.dataflow.KV}s accepted, so that hostile input cannot overflow the stack. */
    private static final int MAX_DEPTH = 64;

    /** Big-endian views of a byte array, for the fixed-width fields. */
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

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
        ElementWriter out = new ElementWriter(header + count * (shape == SHAPE_INTS ? 4 : 8));
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
        ElementReader in = new ElementReader(bytes);
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
        ElementReader in = new ElementReader(bytes);
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

    static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("KVs nested deeper than " + MAX_DEPTH);
        }
    }
}
