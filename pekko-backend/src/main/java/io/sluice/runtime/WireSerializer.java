package io.sluice.runtime;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Pekko serializer for the data plane, {@link WireMessage}: a fixed big-endian layout written by
 * hand, several times faster than Jackson for these small hot messages. The batch payload is
 * already bytes ({@link ElementCodec}), so it is copied as is.
 *
 * <pre>
 * Batch  "B"  port:int32 sender:int32 seq:int64 length:int32 payload
 * End    "E"  port:int32 sender:int32 lastSeq:int64
 * Ack    "A"  edge:int32 target:int32 seq:int64
 * </pre>
 *
 * Bound to {@code WireMessage} in {@code reference.conf} as {@code sluice-wire}.
 */
public final class WireSerializer extends SerializerWithStringManifest {

    /** This serializer's id in Pekko's registry; Pekko's own ids are below 100. */
    static final int IDENTIFIER = 7301;

    static final String BATCH = "B";
    static final String END = "E";
    static final String ACK = "A";

    private static final int BATCH_HEADER = 20;
    private static final int SIGNAL_SIZE = 16;

    /** Pekko creates serializers reflectively with their system; this one needs nothing from it. */
    public WireSerializer(ExtendedActorSystem system) {
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object message) {
        if (message instanceof WireMessage.Batch) {
            return BATCH;
        } else if (message instanceof WireMessage.End) {
            return END;
        } else if (message instanceof WireMessage.Ack) {
            return ACK;
        }
        throw unsupported(message);
    }

    @Override
    public byte[] toBinary(Object message) {
        if (message instanceof WireMessage.Batch b) {
            return ByteBuffer.allocate(BATCH_HEADER + b.payload().length)
                    .putInt(b.port()).putInt(b.sender()).putLong(b.seq())
                    .putInt(b.payload().length).put(b.payload())
                    .array();
        } else if (message instanceof WireMessage.End e) {
            return signal(e.port(), e.sender(), e.lastSeq());
        } else if (message instanceof WireMessage.Ack a) {
            return signal(a.edge(), a.target(), a.seq());
        }
        throw unsupported(message);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return switch (manifest) {
            case BATCH -> readBatch(bytes);
            case END -> {
                ByteBuffer in = signal(bytes, manifest);
                yield new WireMessage.End(in.getInt(), in.getInt(), in.getLong());
            }
            case ACK -> {
                ByteBuffer in = signal(bytes, manifest);
                yield new WireMessage.Ack(in.getInt(), in.getInt(), in.getLong());
            }
            default -> throw new NotSerializableException(
                    "WireSerializer has no message with manifest '" + manifest + "' (knows B, E, A)");
        };
    }

    private static WireMessage.Batch readBatch(byte[] bytes) {
        if (bytes.length < BATCH_HEADER) {
            throw new IllegalArgumentException("a Batch takes at least " + BATCH_HEADER + " bytes, got " + bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int port = in.getInt();
        int sender = in.getInt();
        long seq = in.getLong();
        int length = in.getInt();
        if (length != in.remaining()) {
            throw new IllegalArgumentException("a Batch announces " + length + " payload bytes but carries " + in.remaining());
        }
        return new WireMessage.Batch(port, sender, seq, Arrays.copyOfRange(bytes, BATCH_HEADER, bytes.length));
    }

    private static byte[] signal(int a, int b, long seq) {
        return ByteBuffer.allocate(SIGNAL_SIZE).putInt(a).putInt(b).putLong(seq).array();
    }

    private static ByteBuffer signal(byte[] bytes, String manifest) {
        if (bytes.length != SIGNAL_SIZE) {
            throw new IllegalArgumentException("message '" + manifest + "' takes " + SIGNAL_SIZE + " bytes, got " + bytes.length);
        }
        return ByteBuffer.wrap(bytes);
    }

    private static IllegalArgumentException unsupported(Object message) {
        return new IllegalArgumentException("WireSerializer writes only WireMessage, not " + message.getClass().getName());
    }
}
