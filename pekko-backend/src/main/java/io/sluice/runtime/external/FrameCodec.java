package io.sluice.runtime.external;

import io.sluice.runtime.wire.ElementCodec;

/**
 * The payload of one frame of an external port: one element in the data plane's element codec
 * ({@link ElementCodec}), the same bytes a batch of one would carry between members. A frame on
 * the wire is {@code length:int32 (big-endian) payload}; the length prefix is the transport's
 * (Pekko's simple framing protocol on the server, {@code ExternalClient} on the client). The
 * only class that calls the codec for external ports. It is the standard codec: the built-in
 * value types, records and enums, with the data plane's rules on which classes a frame may name
 * (never one under {@code java.}, Pekko or Sluice's internals, never initialized before it is
 * accepted); a request of another class than the port's is refused after decoding.
 */
public final class FrameCodec {

    private static final ElementCodec CODEC = ElementCodec.standard();

    private FrameCodec() {
    }

    /**
     * The payload for {@code element}.
     *
     * @throws IllegalArgumentException when the codec cannot write the element
     */
    public static byte[] encode(Object element) {
        return CODEC.encode(new Object[] {element}, 0, 1);
    }

    /**
     * The element in {@code payload}, which must be one instance of {@code expected}.
     *
     * @throws IllegalArgumentException with the reason, when the payload does not decode, holds
     *                                  other than one element, or one of another class
     */
    public static <T> T decode(byte[] payload, Class<T> expected) {
        Object[] elements;
        try {
            elements = CODEC.decode(payload);
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
