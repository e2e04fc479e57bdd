package io.sluice.runtime.wire;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
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
 * TAGGED   body = count × value            (mixed classes, other classes, or no elements; never NULL)
 * RECORDS  body = class:string count × object   (one record class: named once, no tag per element)
 * string   = length:varint utf8
 * value    = INT int32 | LONG int64 | DOUBLE int64 | FLOAT int32 | SHORT int16 | BYTE int8
 *          | FALSE | TRUE | CHAR u16 | STRING string | BYTES length:varint bytes
 *          | STRING_REF index:varint                (the index-th STRING value of the batch, counted from 0)
 *          | MEMBER_ID raw:varint | KV key:value value:value
 *          | NULL                                  (only inside a record or a collection)
 *          | LIST kind:u8 count:varint count × value        (0 ArrayList, 1 LinkedList, 2 List.of)
 *          | SET kind:u8 count:varint count × value         (0 HashSet, 1 LinkedHashSet, 2 TreeSet, 3 Set.of)
 *          | MAP kind:u8 count:varint count × (key:value value:value)
 *                                                  (0 HashMap, 1 LinkedHashMap, 2 TreeMap, 3 Map.of)
 *          | INT_ARRAY count:varint count × int32 | LONG_ARRAY count:varint count × int64
 *          | DOUBLE_ARRAY count:varint count × int64
 *          | UUID int64 int64 | BIG_INTEGER length:varint bytes | BIG_DECIMAL scale:int32 length:varint bytes
 *          | INSTANT seconds:int64 nanos:int32 | DURATION seconds:int64 nanos:int32 | LOCAL_DATE epochDay:int64
 *          | OPTIONAL_EMPTY | OPTIONAL value
 *          | OBJECT class:varint [name:string] object
 * object   = component* (a record: its components in declaration order; a primitive component
 *                        as its raw field (int32, int64, a double's int64 bits, boolean/byte as
 *                        int8, char/short as int16, float as int32), any other as a value)
 *          | ordinal:varint                        (an enum)
 *          | length:int32 cbor                     (a class listed in sluice.serialization.allowed-classes)
 * </pre>
 *
 * The uniform shapes cover the common batch of one boxed type or one record class with no
 * per-element tag. In
 * the tagged shape each distinct class of an {@code OBJECT} is named once per batch: its index is
 * its rank of first use, and an index equal to the number of classes seen so far introduces a
 * new class whose name follows. Likewise a short string equal to one written before in the
 * batch may be written as a {@code STRING_REF} to it (keys recur in keyed data: each is encoded
 * and decoded once per batch, and the decoded elements share it). How the object is written depends on the class, which the
 * receiver learns from the class itself, never from the sender: a record is bound once per
 * class (its accessors and canonical constructor as method handles, {@link RecordCodec}) and
 * written component by component with this grammar, so every value inside keeps its exact class
 * (a component declared {@code Object} holding a {@code Long} arrives holding a {@code Long});
 * collections cross as one of the concrete classes above and arrive as that class (a TreeSet or
 * TreeMap only with its natural order), and any other collection class is refused when it is
 * encoded. Jackson CBOR remains only for non-record classes that the user lists in
 * {@code sluice.serialization.allowed-classes} (beans), typed by their declared field types.
 *
 * <p>Trust: the receiver builds only classes the flow may carry ({@link ClassPolicy}): a name is
 * first checked as a name (syntax, and never under {@code java.}, {@code javax.}, {@code jdk.},
 * {@code sun.}, {@code com.sun.}, {@code org.apache.pekko.}, {@code scala.} or Sluice's runtime
 * packages), then loaded without initialization, then accepted only if it is a record, an enum
 * or allow-listed. A sender refuses an element it may not send, naming its class and the setting.
 *
 * <p>This class picks the shape and writes or reads the uniform bodies; {@link ElementWriter} and
 * {@link ElementReader} write and read {@code string} and {@code value}. Instances are thread safe.
 */
public final class ElementCodec {

    private static final byte VERSION = 2;

    private static final byte SHAPE_INTS = 1;
    private static final byte SHAPE_LONGS = 2;
    private static final byte SHAPE_DOUBLES = 3;
    private static final byte SHAPE_STRINGS = 4;
    private static final byte SHAPE_TAGGED = 5;
    private static final byte SHAPE_RECORDS = 6;

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
    static final byte TAG_NULL = 15;
    static final byte TAG_LIST = 16;
    static final byte TAG_SET = 17;
    static final byte TAG_MAP = 18;
    static final byte TAG_INT_ARRAY = 19;
    static final byte TAG_LONG_ARRAY = 20;
    static final byte TAG_DOUBLE_ARRAY = 21;
    static final byte TAG_UUID = 22;
    static final byte TAG_BIG_INTEGER = 23;
    static final byte TAG_BIG_DECIMAL = 24;
    static final byte TAG_INSTANT = 25;
    static final byte TAG_DURATION = 26;
    static final byte TAG_LOCAL_DATE = 27;
    static final byte TAG_OPTIONAL_EMPTY = 28;
    static final byte TAG_OPTIONAL = 29;
    static final byte TAG_STRING_REF = 30;

    /** Deepest nesting of values (KVs, records, collections) accepted, so that hostile input cannot overflow the stack. */
    private static final int MAX_DEPTH = 64;

    /** Big-endian views of a byte array, for the fixed-width fields. */
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private static final ElementCodec STANDARD = new ElementCodec(ClassPolicy.of(List.of(), ClassPolicy.CLASS_PATH));

    /** The largest first guess of bytes per element of a tagged batch; larger batches grow. */
    private static final int MAX_GUESS = 64;

    private final ClassPolicy policy;
    /**
     * Bytes per element of the last tagged batch encoded, the first guess for the next, so that a
     * batch of records is written into one array of about the right size rather than grown
     * three times. Written and read without synchronization: a stale guess only costs a copy.
     */
    private int taggedGuess = 16;

    private ElementCodec(ClassPolicy policy) {
        this.policy = policy;
    }

    /** The codec for the built-in value types, records and enums, with no class allow-listed. */
    public static ElementCodec standard() {
        return STANDARD;
    }

    /**
     * The codec that also carries the non-record classes listed (Jackson CBOR), as
     * {@code sluice.serialization.allowed-classes} does: fully-qualified class names, or package
     * prefixes ending in {@code .}.
     *
     * @throws IllegalArgumentException if an entry is not a class name or prefix, or lies under a
     *                                  package that is never decoded ({@code java.}, ...)
     */
    public static ElementCodec allowing(List<String> allowedClasses) {
        return allowedClasses.isEmpty() ? STANDARD : new ElementCodec(ClassPolicy.of(allowedClasses, ClassPolicy.CLASS_PATH));
    }

    /** A codec that loads the classes batches name with {@code loading} (tests observe what is loaded). */
    static ElementCodec of(List<String> allowedClasses, ClassPolicy.ClassLoading loading) {
        return new ElementCodec(ClassPolicy.of(allowedClasses, loading));
    }

    /**
     * Encodes {@code elements[from, to)}.
     *
     * @throws IllegalArgumentException if an element is null, or is (or holds) a value of a class
     *                                  the codec may not send; the message names the class (and
     *                                  the record component holding it) and how to fix it
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    public byte[] encode(Object[] elements, int from, int to) {
        Objects.checkFromToIndex(from, to, elements.length);
        int count = to - from;
        byte[] fixed = count == 0 ? null : encodeFixedWidth(elements, from, to);
        if (fixed != null) {
            return fixed;
        }
        byte shape = shapeOf(elements, from, to);
        int header = 2 + varintSize(count);
        // Exact for the fixed-width shapes, so no copy at the end; a first guess for the others.
        int width = shape == SHAPE_INTS ? 4 : shape == SHAPE_TAGGED || shape == SHAPE_RECORDS ? taggedGuess : 8;
        ElementWriter out = new ElementWriter(header + count * width, count, policy);
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
            case SHAPE_RECORDS -> {
                ObjectCodec codec = out.defineOnly(elements[from].getClass());
                for (int i = from; i < to; i++) {
                    codec.write(out, elements[i], 0);
                }
                taggedGuess = Math.min(MAX_GUESS, out.size() / count + 1);
            }
            default -> {
                for (int i = from; i < to; i++) {
                    out.writeValue(elements[i], 0);
                }
                if (count > 0) {
                    taggedGuess = Math.min(MAX_GUESS, out.size() / count + 1);
                }
            }
        }
        return out.toByteArray();
    }

    /** How many elements a payload written by {@link #encode} holds, read from its header. */
    public static int count(byte[] bytes) {
        ElementReader in = new ElementReader(bytes, STANDARD.policy);
        in.readByte();
        return in.readVarint();
    }

    /**
     * Decodes a payload written by {@link #encode} into a new array, in the order encoded.
     *
     * @throws IllegalArgumentException if the bytes are truncated or malformed, name a class the
     *                                  codec may not build (the class is then never initialized,
     *                                  and not even loaded when its name is refused), or hold an
     *                                  object that cannot be rebuilt
     */
    public Object[] decode(byte[] bytes) {
        ElementReader in = new ElementReader(bytes, policy);
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
                int at = in.take(count * 4);
                for (int i = 0; i < count; i++, at += 4) {
                    elements[i] = (int) INT.get(bytes, at);
                }
            }
            case SHAPE_LONGS -> {
                int at = in.take(count * 8);
                for (int i = 0; i < count; i++, at += 8) {
                    elements[i] = (long) LONG.get(bytes, at);
                }
            }
            case SHAPE_DOUBLES -> {
                int at = in.take(count * 8);
                for (int i = 0; i < count; i++, at += 8) {
                    elements[i] = Double.longBitsToDouble((long) LONG.get(bytes, at));
                }
            }
            case SHAPE_STRINGS -> {
                for (int i = 0; i < count; i++) {
                    elements[i] = in.readString();
                }
            }
            case SHAPE_RECORDS -> {
                ObjectCodec codec = in.readOnlyClass();
                for (int i = 0; i < count; i++) {
                    elements[i] = in.readRecord(codec);
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    elements[i] = in.readElement();
                }
            }
        }
        in.expectEnd(count);
        return elements;
    }

    /**
     * A batch whose elements are all {@code Integer}s, all {@code Long}s or all {@code Double}s,
     * written in one pass over the elements; null when they are not (the general path then
     * picks the shape).
     */
    private static byte[] encodeFixedWidth(Object[] elements, int from, int to) {
        Class<?> first = elements[from] == null ? null : elements[from].getClass();
        int count = to - from;
        int at = 2 + varintSize(count);
        if (first == Integer.class) {
            byte[] out = header(new byte[at + 4 * count], count, SHAPE_INTS);
            for (int i = from; i < to; i++, at += 4) {
                if (!(elements[i] instanceof Integer v)) {
                    return null;
                }
                INT.set(out, at, v.intValue());
            }
            return out;
        } else if (first == Long.class) {
            byte[] out = header(new byte[at + 8 * count], count, SHAPE_LONGS);
            for (int i = from; i < to; i++, at += 8) {
                if (!(elements[i] instanceof Long v)) {
                    return null;
                }
                LONG.set(out, at, v.longValue());
            }
            return out;
        } else if (first == Double.class) {
            byte[] out = header(new byte[at + 8 * count], count, SHAPE_DOUBLES);
            for (int i = from; i < to; i++, at += 8) {
                if (!(elements[i] instanceof Double v)) {
                    return null;
                }
                LONG.set(out, at, Double.doubleToRawLongBits(v));
            }
            return out;
        }
        return null;
    }

    /** Writes {@code version count shape} at the start of {@code out}, returned. */
    private static byte[] header(byte[] out, int count, byte shape) {
        int at = 0;
        out[at++] = VERSION;
        int v = count;
        while ((v & ~0x7F) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        out[at] = shape;
        return out;
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
        } else if (common.isRecord() && common != KV.class && common != MemberId.class) {
            return SHAPE_RECORDS;
        }
        return SHAPE_TAGGED;
    }

    /** The fewest bytes one element of {@code shape} takes. */
    private static int minWidth(int shape) {
        return switch (shape) {
            case SHAPE_INTS -> 4;
            case SHAPE_LONGS, SHAPE_DOUBLES -> 8;
            case SHAPE_STRINGS, SHAPE_TAGGED, SHAPE_RECORDS -> 1;
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
            throw new IllegalArgumentException("values (KVs, records, collections) nested deeper than " + MAX_DEPTH);
        }
    }
}
