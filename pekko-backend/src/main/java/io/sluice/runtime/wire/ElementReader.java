package io.sluice.runtime.wire;

import static io.sluice.runtime.wire.ElementCodec.INT;
import static io.sluice.runtime.wire.ElementCodec.LONG;
import static io.sluice.runtime.wire.ElementCodec.SHORT;
import static io.sluice.runtime.wire.ElementCodec.TAG_BIG_DECIMAL;
import static io.sluice.runtime.wire.ElementCodec.TAG_BIG_INTEGER;
import static io.sluice.runtime.wire.ElementCodec.TAG_BYTE;
import static io.sluice.runtime.wire.ElementCodec.TAG_BYTES;
import static io.sluice.runtime.wire.ElementCodec.TAG_CHAR;
import static io.sluice.runtime.wire.ElementCodec.TAG_DOUBLE;
import static io.sluice.runtime.wire.ElementCodec.TAG_DOUBLE_ARRAY;
import static io.sluice.runtime.wire.ElementCodec.TAG_DURATION;
import static io.sluice.runtime.wire.ElementCodec.TAG_FALSE;
import static io.sluice.runtime.wire.ElementCodec.TAG_FLOAT;
import static io.sluice.runtime.wire.ElementCodec.TAG_INSTANT;
import static io.sluice.runtime.wire.ElementCodec.TAG_INT;
import static io.sluice.runtime.wire.ElementCodec.TAG_INT_ARRAY;
import static io.sluice.runtime.wire.ElementCodec.TAG_KV;
import static io.sluice.runtime.wire.ElementCodec.TAG_LIST;
import static io.sluice.runtime.wire.ElementCodec.TAG_LOCAL_DATE;
import static io.sluice.runtime.wire.ElementCodec.TAG_LONG;
import static io.sluice.runtime.wire.ElementCodec.TAG_LONG_ARRAY;
import static io.sluice.runtime.wire.ElementCodec.TAG_MAP;
import static io.sluice.runtime.wire.ElementCodec.TAG_MEMBER_ID;
import static io.sluice.runtime.wire.ElementCodec.TAG_NULL;
import static io.sluice.runtime.wire.ElementCodec.TAG_OBJECT;
import static io.sluice.runtime.wire.ElementCodec.TAG_OPTIONAL;
import static io.sluice.runtime.wire.ElementCodec.TAG_OPTIONAL_EMPTY;
import static io.sluice.runtime.wire.ElementCodec.TAG_SET;
import static io.sluice.runtime.wire.ElementCodec.TAG_SHORT;
import static io.sluice.runtime.wire.ElementCodec.TAG_STRING;
import static io.sluice.runtime.wire.ElementCodec.TAG_STRING_REF;
import static io.sluice.runtime.wire.ElementCodec.TAG_TRUE;
import static io.sluice.runtime.wire.ElementCodec.TAG_UUID;
import static io.sluice.runtime.wire.ElementCodec.checkDepth;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a batch's payload in {@link ElementCodec}'s format, with bounds checks, and the class
 * table the batch defines as it goes (each name admitted by the codec's {@link ClassPolicy}).
 * Every failure is an {@link IllegalArgumentException}.
 */
final class ElementReader {

    private static final String[] NO_STRINGS = new String[0];

    private final byte[] buf;
    private final ClassPolicy policy;
    private int pos;
    private ObjectCodec[] classes = new ObjectCodec[4];
    private int classCount;
    /** The batch's {@code STRING} values so far, which {@code STRING_REF} values name by index. */
    private String[] strings = NO_STRINGS;
    private int stringCount;

    ElementReader(byte[] buf, ClassPolicy policy) {
        this.buf = buf;
        this.policy = policy;
    }

    byte[] buffer() {
        return buf;
    }

    /** Consumes {@code n} bytes and returns where they start. */
    int take(int n) {
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

    /** A {@code STRING} value, numbered for the {@code STRING_REF}s after it. */
    private String readTaggedString() {
        String s = readString();
        if (stringCount == strings.length) {
            strings = Arrays.copyOf(strings, Math.max(16, stringCount * 2));
        }
        strings[stringCount++] = s;
        return s;
    }

    private String readStringRef() {
        int index = readVarint();
        if (index >= stringCount) {
            throw new IllegalArgumentException("string reference " + index + " at offset " + pos + " but the batch has "
                    + stringCount + " strings before it");
        }
        return strings[index];
    }

    /** A top-level element: a value, never null, and any failure while building it is malformed input. */
    Object readElement() {
        Object element;
        try {
            element = readValue(0);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("malformed element before offset " + pos + ": " + e, e);
        }
        if (element == null) {
            throw new IllegalArgumentException("null element before offset " + pos + ": stream elements are never null");
        }
        return element;
    }

    /** One tagged value, possibly null (inside a record or a collection). */
    Object readValue(int depth) {
        int tag = readByte();
        return switch (tag) {
            case TAG_INT -> readInt();
            case TAG_LONG -> readLong();
            case TAG_STRING -> readTaggedString();
            case TAG_STRING_REF -> readStringRef();
            case TAG_OBJECT -> readObject(depth);
            case TAG_KV -> {
                checkDepth(depth);
                Object key = readValue(depth + 1);
                Object value = readValue(depth + 1);
                if (key == null || value == null) {
                    throw new IllegalArgumentException("a KV with a null part at offset " + pos);
                }
                yield KV.of(key, value);
            }
            case TAG_MEMBER_ID -> MemberId.of(readVarint());
            case TAG_DOUBLE -> Double.longBitsToDouble(readLong());
            case TAG_NULL -> null;
            case TAG_FLOAT -> Float.intBitsToFloat(readInt());
            case TAG_SHORT -> readShort();
            case TAG_BYTE -> (byte) readByte();
            case TAG_FALSE -> false;
            case TAG_TRUE -> true;
            case TAG_CHAR -> (char) readShort();
            case TAG_BYTES -> readBytes();
            case TAG_LIST -> readList(depth);
            case TAG_SET -> readSet(depth);
            case TAG_MAP -> readMap(depth);
            default -> readBuiltIn(tag, depth);
        };
    }

    private Object readBuiltIn(int tag, int depth) {
        return switch (tag) {
            case TAG_INT_ARRAY -> {
                int[] ints = new int[readCount(4)];
                for (int i = 0; i < ints.length; i++) {
                    ints[i] = readInt();
                }
                yield ints;
            }
            case TAG_LONG_ARRAY -> {
                long[] longs = new long[readCount(8)];
                for (int i = 0; i < longs.length; i++) {
                    longs[i] = readLong();
                }
                yield longs;
            }
            case TAG_DOUBLE_ARRAY -> {
                double[] doubles = new double[readCount(8)];
                for (int i = 0; i < doubles.length; i++) {
                    doubles[i] = Double.longBitsToDouble(readLong());
                }
                yield doubles;
            }
            case TAG_UUID -> new UUID(readLong(), readLong());
            case TAG_BIG_INTEGER -> new BigInteger(nonEmpty(readBytes()));
            case TAG_BIG_DECIMAL -> {
                int scale = readInt();
                yield new BigDecimal(new BigInteger(nonEmpty(readBytes())), scale);
            }
            case TAG_INSTANT -> Instant.ofEpochSecond(readLong(), readInt());
            case TAG_DURATION -> Duration.ofSeconds(readLong(), readInt());
            case TAG_LOCAL_DATE -> LocalDate.ofEpochDay(readLong());
            case TAG_OPTIONAL_EMPTY -> Optional.empty();
            case TAG_OPTIONAL -> {
                checkDepth(depth);
                yield Optional.of(nonNull(readValue(depth + 1), "an Optional"));
            }
            default -> throw new IllegalArgumentException("unknown element tag " + tag + " at offset " + (pos - 1));
        };
    }

    private Object readList(int depth) {
        checkDepth(depth);
        int kind = readByte();
        int count = readCount(1);
        List<Object> list = WireCollections.newList(kind, count);
        if (list == null) {
            Object[] values = new Object[count];
            for (int i = 0; i < count; i++) {
                values[i] = nonNull(readValue(depth + 1), "a List.of list");
            }
            return List.of(values);
        }
        for (int i = 0; i < count; i++) {
            list.add(readValue(depth + 1));
        }
        return list;
    }

    private Object readSet(int depth) {
        checkDepth(depth);
        int kind = readByte();
        int count = readCount(1);
        Set<Object> set = WireCollections.newSet(kind, count);
        if (set == null) {
            Object[] values = new Object[count];
            for (int i = 0; i < count; i++) {
                values[i] = nonNull(readValue(depth + 1), "a Set.of set");
            }
            return Set.of(values);
        }
        for (int i = 0; i < count; i++) {
            set.add(readValue(depth + 1));
        }
        return set;
    }

    private Object readMap(int depth) {
        checkDepth(depth);
        int kind = readByte();
        int count = readCount(2);
        Map<Object, Object> map = WireCollections.newMap(kind, count);
        if (map == null) {
            @SuppressWarnings("unchecked")
            Map.Entry<Object, Object>[] entries = new Map.Entry[count];
            for (int i = 0; i < count; i++) {
                Object key = nonNull(readValue(depth + 1), "a Map.of map");
                entries[i] = Map.entry(key, nonNull(readValue(depth + 1), "a Map.of map"));
            }
            return Map.ofEntries(entries);
        }
        for (int i = 0; i < count; i++) {
            Object key = readValue(depth + 1);
            map.put(key, readValue(depth + 1));
        }
        return map;
    }

    /** A count of values of at least {@code width} bytes each, checked against what is left. */
    private int readCount(int width) {
        int count = readVarint();
        expect(count, width);
        return count;
    }

    private Object nonNull(Object value, String where) {
        if (value == null) {
            throw new IllegalArgumentException("a null in " + where + " before offset " + pos);
        }
        return value;
    }

    private static byte[] nonEmpty(byte[] magnitude) {
        if (magnitude.length == 0) {
            throw new IllegalArgumentException("a big number with no bytes");
        }
        return magnitude;
    }

    /** The class of a {@code RECORDS} batch, which is the class table's first (index 0). */
    ObjectCodec readOnlyClass() {
        ObjectCodec codec = policy.forReceiving(readString());
        classes[classCount++] = codec;
        return codec;
    }

    /** One element of a {@code RECORDS} batch; any failure while building it is malformed input. */
    Object readRecord(ObjectCodec codec) {
        try {
            return codec.read(this, 0);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("malformed element before offset " + pos + ": " + e, e);
        }
    }

    private Object readObject(int depth) {
        checkDepth(depth);
        int index = readVarint();
        if (index == classCount) {
            ObjectCodec codec = policy.forReceiving(readString());
            if (classCount == classes.length) {
                classes = Arrays.copyOf(classes, classCount * 2);
            }
            classes[classCount++] = codec;
        } else if (index > classCount) {
            throw new IllegalArgumentException("class index " + index + " at offset " + pos + " but the batch has named only "
                    + classCount + " classes");
        }
        return classes[index].read(this, depth);
    }
}
