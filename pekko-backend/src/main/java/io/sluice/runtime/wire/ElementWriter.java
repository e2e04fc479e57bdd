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
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a batch's payload in {@link ElementCodec}'s format: a growable byte array, with the
 * batch's class table. It is an {@link OutputStream} only so that Jackson can write allow-listed
 * beans straight into it.
 */
final class ElementWriter extends OutputStream {

    /** Strings up to this many chars are looked up for a reference; longer ones are always written. */
    private static final int MAX_SHARED_LENGTH = 32;
    private static final int MAX_SHARED_SLOTS = 4096;
    /** Slots looked at for a string, from its own on (linear probing): a hit, an empty slot, or the string's own slot is taken over. */
    private static final int PROBES = 4;

    private final ClassPolicy policy;
    private byte[] buf;
    private int pos;
    private Class<?>[] classes = new Class<?>[4];
    private ObjectCodec[] codecs = new ObjectCodec[4];
    private int classCount;
    /** Recent short strings of this batch by hash, with their hashes and numbers: a recurring one is written as a reference. */
    private String[] recentStrings;
    private int[] recentHashes;
    private int[] recentIds;
    private int stringCount;
    /** How many recent strings are kept: a power of two, about twice the batch's elements. */
    private final int sharedSlots;
    /** {@code 32 - log2(sharedSlots)}: a Fibonacci hash's top bits pick the slot. */
    private final int sharedShift;

    /** A writer for about {@code elements} elements in {@code capacity} bytes (it grows). */
    ElementWriter(int capacity, int elements, ClassPolicy policy) {
        this.buf = new byte[capacity];
        this.policy = policy;
        this.sharedSlots = Math.min(MAX_SHARED_SLOTS, Integer.highestOneBit(Math.max(8, elements) * 2 - 1) << 1);
        this.sharedShift = 32 - Integer.numberOfTrailingZeros(sharedSlots);
    }

    ClassPolicy policy() {
        return policy;
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

    /** Reserves an int32 length to {@linkplain #patchLength patch} once what it measures is written. */
    int reserveInt() {
        return reserve(4);
    }

    /** Sets the length reserved at {@code lengthAt} to the bytes written since. */
    void patchLength(int lengthAt) {
        INT.set(buf, lengthAt, pos - lengthAt - 4);
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

    /** UTF-8; an ASCII string (the common case) is copied char by char, with no intermediate array. */
    void writeString(String s) {
        int n = s.length();
        if (n < 128) {
            int at = reserve(n + 1);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    pos = at;
                    writeBytes(s.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                buf[at + 1 + i] = (byte) c;
            }
            buf[at] = (byte) n;
            return;
        }
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A {@code STRING} value, numbered in the batch, or a {@code STRING_REF} to an equal short
     * string written before (keys recur in a batch of keyed data: they are then encoded and
     * decoded once, and the receiver's elements share one String).
     */
    private void writeTaggedString(String s) {
        if (s.length() <= MAX_SHARED_LENGTH) {
            if (recentStrings == null) {
                recentStrings = new String[sharedSlots];
                recentHashes = new int[sharedSlots];
                recentIds = new int[sharedSlots];
            }
            int hash = s.hashCode();
            int home = (hash * 0x9E3779B9) >>> sharedShift;
            int slot = home;
            for (int probe = 1; recentStrings[slot] != null; probe++) {
                String seen = recentStrings[slot];
                if (seen == s || (recentHashes[slot] == hash && seen.equals(s))) {
                    writeByte(TAG_STRING_REF);
                    writeVarint(recentIds[slot]);
                    return;
                }
                if (probe == PROBES) {
                    slot = home;   // every slot it may use is taken: it takes over its own
                    break;
                }
                slot = (slot + 1) & (sharedSlots - 1);
            }
            recentStrings[slot] = s;
            recentHashes[slot] = hash;
            recentIds[slot] = stringCount;
        }
        writeByte(TAG_STRING);
        writeString(s);
        stringCount++;
    }

    /** Writes one tagged value (null only inside a record or collection), the classes most likely first. */
    void writeValue(Object v, int depth) {
        if (v instanceof Integer i) {
            writeByte(TAG_INT);
            writeInt(i);
        } else if (v instanceof Long l) {
            writeByte(TAG_LONG);
            writeLong(l);
        } else if (v instanceof String s) {
            writeTaggedString(s);
        } else if (v instanceof KV<?, ?> kv) {
            checkDepth(depth);
            writeByte(TAG_KV);
            writeValue(kv.key(), depth + 1);
            writeValue(kv.value(), depth + 1);
        } else if (v instanceof MemberId<?> id) {
            writeByte(TAG_MEMBER_ID);
            writeVarint(id.raw());
        } else if (v instanceof Record) {
            writeObject(v, v.getClass(), depth);
        } else if (v instanceof Double d) {
            writeByte(TAG_DOUBLE);
            writeLong(Double.doubleToRawLongBits(d));
        } else if (v == null) {
            writeByte(TAG_NULL);
        } else {
            writeOther(v, depth);
        }
    }

    private void writeOther(Object v, int depth) {
        if (v instanceof Float f) {
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
        } else if (v instanceof Enum<?> e) {
            writeObject(v, e.getDeclaringClass(), depth);
        } else if (v instanceof List<?> list && WireCollections.listKind(list) != WireCollections.NONE) {
            writeCollection(TAG_LIST, WireCollections.listKind(list), list, depth);
        } else if (v instanceof Set<?> set && WireCollections.setKind(set) != WireCollections.NONE) {
            writeCollection(TAG_SET, WireCollections.setKind(set), set, depth);
        } else if (v instanceof Map<?, ?> map && WireCollections.mapKind(map) != WireCollections.NONE) {
            writeMap(WireCollections.mapKind(map), map, depth);
        } else if (v instanceof Collection<?> || v instanceof Map<?, ?>) {
            throw WireCollections.unsupported(v.getClass());
        } else {
            writeBuiltIn(v, depth);
        }
    }

    private void writeBuiltIn(Object v, int depth) {
        if (v instanceof byte[] bytes) {
            writeByte(TAG_BYTES);
            writeBytes(bytes);
        } else if (v instanceof int[] ints) {
            writeByte(TAG_INT_ARRAY);
            writeVarint(ints.length);
            for (int i : ints) {
                writeInt(i);
            }
        } else if (v instanceof long[] longs) {
            writeByte(TAG_LONG_ARRAY);
            writeVarint(longs.length);
            for (long l : longs) {
                writeLong(l);
            }
        } else if (v instanceof double[] doubles) {
            writeByte(TAG_DOUBLE_ARRAY);
            writeVarint(doubles.length);
            for (double d : doubles) {
                writeLong(Double.doubleToRawLongBits(d));
            }
        } else if (v instanceof UUID u) {
            writeByte(TAG_UUID);
            writeLong(u.getMostSignificantBits());
            writeLong(u.getLeastSignificantBits());
        } else if (v instanceof BigInteger b) {
            writeByte(TAG_BIG_INTEGER);
            writeBytes(b.toByteArray());
        } else if (v instanceof BigDecimal d) {
            writeByte(TAG_BIG_DECIMAL);
            writeInt(d.scale());
            writeBytes(d.unscaledValue().toByteArray());
        } else if (v instanceof Instant t) {
            writeByte(TAG_INSTANT);
            writeLong(t.getEpochSecond());
            writeInt(t.getNano());
        } else if (v instanceof Duration d) {
            writeByte(TAG_DURATION);
            writeLong(d.getSeconds());
            writeInt(d.getNano());
        } else if (v instanceof LocalDate d) {
            writeByte(TAG_LOCAL_DATE);
            writeLong(d.toEpochDay());
        } else if (v instanceof Optional<?> o) {
            if (o.isEmpty()) {
                writeByte(TAG_OPTIONAL_EMPTY);
            } else {
                checkDepth(depth);
                writeByte(TAG_OPTIONAL);
                writeValue(o.get(), depth + 1);
            }
        } else {
            writeObject(v, v.getClass(), depth);
        }
    }

    private void writeCollection(byte tag, int kind, Collection<?> values, int depth) {
        checkDepth(depth);
        writeByte(tag);
        writeByte(kind);
        writeVarint(values.size());
        for (Object value : values) {
            writeValue(value, depth + 1);
        }
    }

    private void writeMap(int kind, Map<?, ?> map, int depth) {
        checkDepth(depth);
        writeByte(TAG_MAP);
        writeByte(kind);
        writeVarint(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            writeValue(entry.getKey(), depth + 1);
            writeValue(entry.getValue(), depth + 1);
        }
    }

    /** Writes the class (by index, named on first use, refused if it may not be sent) then the object. */
    private void writeObject(Object v, Class<?> type, int depth) {
        checkDepth(depth);
        int index = indexOf(type);
        ObjectCodec codec;
        if (index == classCount) {
            codec = policy.forSending(type);
            define(type, codec);
            writeByte(TAG_OBJECT);
            writeVarint(index);
            writeString(type.getName());
        } else {
            codec = codecs[index];
            writeByte(TAG_OBJECT);
            writeVarint(index);
        }
        codec.write(this, v, depth);
    }

    /**
     * The codec of a {@code RECORDS} batch's one class, named here as the batch's only class (so
     * that it has index 0 for values inside the records).
     */
    ObjectCodec defineOnly(Class<?> type) {
        ObjectCodec codec = policy.forSending(type);
        define(type, codec);
        writeString(type.getName());
        return codec;
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

    private void define(Class<?> type, ObjectCodec codec) {
        if (classCount == classes.length) {
            classes = Arrays.copyOf(classes, classCount * 2);
            codecs = Arrays.copyOf(codecs, classCount * 2);
        }
        classes[classCount] = type;
        codecs[classCount++] = codec;
    }

    /** The bytes written so far. */
    int size() {
        return pos;
    }

    byte[] toByteArray() {
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }
}
