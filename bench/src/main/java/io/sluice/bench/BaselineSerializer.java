package io.sluice.bench;

import io.sluice.bench.BaselineMessage.Credit;
import io.sluice.bench.BaselineMessage.Hello;
import io.sluice.bench.BaselineMessage.Ints;
import io.sluice.bench.BaselineMessage.Longs;
import io.sluice.bench.BaselineMessage.WorkerCredit;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The baseline's serializer: raw {@link ByteBuffer} writes of {@link BaselineMessage}s. Artery
 * calls the {@link ByteBufferSerializer} methods, which write straight into its envelope buffer;
 * primitive arrays are copied in bulk, with no per-element allocation.
 *
 * <pre>
 * Ints          "I"  length:int32 length × int32
 * Longs         "L"  worker:int32 length:int32 length × int64
 * Credit        "C"  batches:int32
 * WorkerCredit  "W"  worker:int32 batches:int32
 * Hello         "H"  worker:int32 window:int32 length:int32 utf8 leader ref
 * </pre>
 */
public final class BaselineSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

    private static final int IDENTIFIER = 7401;

    private final ExtendedActorSystem system;
    private ActorRefResolver resolver;

    /** Pekko creates serializers reflectively with their system. */
    public BaselineSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object message) {
        if (message instanceof Ints) {
            return "I";
        } else if (message instanceof Longs) {
            return "L";
        } else if (message instanceof Credit) {
            return "C";
        } else if (message instanceof WorkerCredit) {
            return "W";
        } else if (message instanceof Hello) {
            return "H";
        }
        throw new IllegalArgumentException("not a BaselineMessage: " + message.getClass().getName());
    }

    @Override
    public void toBinary(Object message, ByteBuffer buf) {
        if (message instanceof Ints m) {
            buf.putInt(m.values().length);
            buf.asIntBuffer().put(m.values());
            buf.position(buf.position() + Integer.BYTES * m.values().length);
        } else if (message instanceof Longs m) {
            buf.putInt(m.worker()).putInt(m.values().length);
            buf.asLongBuffer().put(m.values());
            buf.position(buf.position() + Long.BYTES * m.values().length);
        } else if (message instanceof Credit m) {
            buf.putInt(m.batches());
        } else if (message instanceof WorkerCredit m) {
            buf.putInt(m.worker()).putInt(m.batches());
        } else if (message instanceof Hello m) {
            byte[] ref = resolver().toSerializationFormat(m.leader()).getBytes(StandardCharsets.UTF_8);
            buf.putInt(m.worker()).putInt(m.window()).putInt(ref.length).put(ref);
        } else {
            throw new IllegalArgumentException("not a BaselineMessage: " + message.getClass().getName());
        }
    }

    @Override
    public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
        switch (manifest) {
            case "I" -> {
                int[] values = new int[buf.getInt()];
                buf.asIntBuffer().get(values);
                buf.position(buf.position() + Integer.BYTES * values.length);
                return new Ints(values);
            }
            case "L" -> {
                int worker = buf.getInt();
                long[] values = new long[buf.getInt()];
                buf.asLongBuffer().get(values);
                buf.position(buf.position() + Long.BYTES * values.length);
                return new Longs(worker, values);
            }
            case "C" -> {
                return new Credit(buf.getInt());
            }
            case "W" -> {
                return new WorkerCredit(buf.getInt(), buf.getInt());
            }
            case "H" -> {
                int worker = buf.getInt();
                int window = buf.getInt();
                byte[] ref = new byte[buf.getInt()];
                buf.get(ref);
                return new Hello(resolver().resolveActorRef(new String(ref, StandardCharsets.UTF_8)), worker, window);
            }
            default -> throw new NotSerializableException("BaselineSerializer has no manifest '" + manifest + "'");
        }
    }

    @Override
    public byte[] toBinary(Object message) {
        ByteBuffer buf = ByteBuffer.allocate(sizeOf(message));
        toBinary(message, buf);
        return buf.array();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return fromBinary(ByteBuffer.wrap(bytes), manifest);
    }

    private int sizeOf(Object message) {
        if (message instanceof Ints m) {
            return Integer.BYTES * (1 + m.values().length);
        } else if (message instanceof Longs m) {
            return 2 * Integer.BYTES + Long.BYTES * m.values().length;
        } else if (message instanceof Hello m) {
            return 3 * Integer.BYTES + resolver().toSerializationFormat(m.leader()).getBytes(StandardCharsets.UTF_8).length;
        } else if (message instanceof Credit) {
            return Integer.BYTES;
        }
        return 2 * Integer.BYTES;
    }

    /** Made on first use: the typed extension is not available while serializers are being created. */
    private synchronized ActorRefResolver resolver() {
        if (resolver == null) {
            resolver = ActorRefResolver.get(Adapter.toTyped(system));
        }
        return resolver;
    }
}
