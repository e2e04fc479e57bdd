package io.sluice.runtime.wire;

import static io.sluice.runtime.wire.ElementCodec.INT;
import static io.sluice.runtime.wire.ElementCodec.LONG;
import static io.sluice.runtime.wire.ElementCodec.SHORT;
import static io.sluice.runtime.wire.ElementCodec.TAG_BYTE;
import static io.sluice.runtime.wire.ElementCodec.TAG_BYTES;
import static io.sluice.runtime.wire.ElementCodec.TAG_CHAR;
import static io.sluice.runtime.wire.ElementCodec.TAG_DOUBLE;
import static io.sluice.runtime.wire.ElementCodec.TAG_FALSE;
import static io.sluice.runtime.wire.ElementCodec.TAG_FLOAT;
import static io.sluice.runtime.wire.ElementCodec.TAG_INT;
import static io.sluice.runtime.wire.ElementCodec.TAG_KV;
import static io.sluice.runtime.wire.ElementCodec.TAG_LONG;
import static io.sluice.runtime.wire.ElementCodec.TAG_MEMBER_ID;
import static io.sluice.runtime.wire.ElementCodec.TAG_OBJECT;
import static io.sluice.runtime.wire.ElementCodec.TAG_SHORT;
import static io.sluice.runtime.wire.ElementCodec.TAG_STRING;
import static io.sluice.runtime.wire.ElementCodec.TAG_TRUE;
import static io.sluice.runtime.wire.ElementCodec.checkDepth;
import static io.sluice.runtime.wire.ElementObjects.MAPPER;
import static io.sluice.runtime.wire.ElementObjects.cannotRebuild;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a batch's payload in {@link ElementCodec}'s format: a growable byte array, with the
 * batch's class table. It is an {@link OutputStream} only so that Jackson can write objects
 * straight into it.
 */
final class ElementWriter extends OutputStream {

    private byte[] buf;
    private int pos;
    private Class<?>[] classes = new Class<?>[0];
    private int classCount;

    ElementWriter(int capacity) {
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
