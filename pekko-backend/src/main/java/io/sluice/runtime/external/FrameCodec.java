package io.sluice.runtime.external;

import io.sluice.runtime.wire.ElementCodec;

/**
 * The payload of one frame of an external port: one element in the data plane's element codec
 * ({@link ElementCodec}), the same bytes a batch of one would carry between members. A frame on
 * the wire is {@code length:int32 (big-endian) payload}; the length prefix is the transport's
 * (Pekko's simple framing protocol on the server, {@code ExternalClient} on the client). The
 * only class that calls the codec for external ports.
 *
 * <p>The server's frames use the member's codec, so a port accepts exactly the classes its
 * members' batches may carry (the built-in value types, records and enums, and the classes of
 * {@code sluice.serialization.allowed-classes}), under the data plane's rules on which classes
 * a frame may name (never one under {@code java.}, Pekko or Sluice's internals, never
 * initialized before it is accepted); a request of another class than the port's is refused
 * after decoding. A client that needs allow-listed classes builds its codec with the same list.
 */
public final class FrameCodec {

    private static final FrameCodec STANDARD = new FrameCodec(ElementCodec.standard());

    private final ElementCodec codec;

    private FrameCodec(ElementCodec codec) {
        this.codec = codec;
    }

    /** Frames in the standard codec: built-in value types, records and enums. */
    public static FrameCodec standard() {
        return STANDARD;
    }

    /** Frames in {@code codec}, for instance the member's, with its allow-listed classes. */
    public static FrameCodec of(ElementCodec codec) {
        return new FrameCodec(codec);
    }

    /**
     * The payload for {@code element}.
     *
     * @throws IllegalArgumentException when the codec cannot write the element
     */
    public byte[] encode(Object element) {
        return codec.encode(new Object[] {element}, 0, 1);
    }

    /**
     * The element in {@code payload}, which must be one instance of {@code expected}.
     *
     * @throws IllegalArgumentException with the reason, when the payload does not decode, holds
     *                                  other than one element, or one of another class
     */
    public <T> T decode(byte[] payload, Class<T> expected) {
        Object[] elements;
        try {
            elements = codec.decode(payload);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("sent a frame that does not decode (" + e.getMessage() + ")", e);
        }
        if (elements.length != 1) {
            throw new IllegalArgumentException("sent a frame of " + elements.length + " elements; a frame holds one");
        }
        Object element = elements[0];
        if (!expected.isInstance(element)) {
            throw new IllegalArgumentException("sent a " + element.getClass().getName() + " where a "
                    + expected.getName() + " was expected");
        }
        return expected.cast(element);
    }
}
