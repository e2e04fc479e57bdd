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
import static io.sluice.runtime.wire.ElementObjects.resolve;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a batch's payload in {@link ElementCodec}'s format, with bounds checks, and the class
 * table the batch defines as it goes.
 */
final class ElementReader {

    private final byte[] buf;
    private int pos;
    private final List<Class<?>> classes = new ArrayList<>();

    ElementReader(byte[] buf) {
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
