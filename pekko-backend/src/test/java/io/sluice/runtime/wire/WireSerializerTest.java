package io.sluice.runtime.wire;

import com.typesafe.config.ConfigFactory;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireSerializerTest {

    /**
     * A local system (no cluster, no port to bind) with the binding reference.conf declares,
     * repeated so that this test does not depend on it.
     */
    private static final String CONFIG = """
            pekko.actor.provider = local
            pekko.actor.serializers.sluice-wire = "io.sluice.runtime.wire.WireSerializer"
            pekko.actor.serialization-bindings { "io.sluice.runtime.wire.WireMessage" = sluice-wire }
            """;

    private static ActorTestKit testKit;
    private static WireSerializer serializer;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("WireSerializerTest", ConfigFactory.parseString(CONFIG));
        serializer = new WireSerializer((ExtendedActorSystem) testKit.system().classicSystem());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void batchRoundTrips() {
        byte[] payload = ElementCodec.standard().encode(new Object[] {1, 2, 3}, 0, 3);
        var batch = (WireMessage.Batch) roundTrip(new WireMessage.Batch(3, 7, 123_456_789_012L, payload), "B");
        assertEquals(3, batch.port());
        assertEquals(7, batch.sender());
        assertEquals(123_456_789_012L, batch.seq());
        assertArrayEquals(payload, batch.payload());
        assertEquals(List.of(1, 2, 3), List.of(ElementCodec.standard().decode(batch.payload())));
    }

    @Test
    void theAckRequestOfABatchRoundTrips() {
        byte[] payload = {1, 2};
        assertTrue(((WireMessage.Batch) roundTrip(new WireMessage.Batch(0, 1, 2L, payload, true), "B")).ackRequested());
        assertFalse(((WireMessage.Batch) roundTrip(new WireMessage.Batch(0, 1, 2L, payload, false), "B")).ackRequested());
        assertTrue(new WireMessage.Batch(0, 1, 2L, payload).ackRequested(), "a batch asks for its ack unless told not to");
    }

    @Test
    void messagesRoundTripThroughByteBuffersAsArteryUsesThem() throws NotSerializableException {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        buf.put(new byte[] {9, 9, 9});   // Artery writes after its envelope header
        int start = buf.position();
        byte[] payload = ElementCodec.standard().encode(new Object[] {5L, 6L}, 0, 2);
        serializer.toBinary(new WireMessage.Batch(4, 3, 99L, payload, false), buf);
        assertEquals(serializer.toBinary(new WireMessage.Batch(4, 3, 99L, payload, false)).length, buf.position() - start);
        buf.flip().position(start);
        var batch = (WireMessage.Batch) serializer.fromBinary(buf, "B");
        assertEquals(99L, batch.seq());
        assertFalse(batch.ackRequested());
        assertEquals(List.of(5L, 6L), List.of(ElementCodec.standard().decode(batch.payload())));

        buf.clear();
        serializer.toBinary(new WireMessage.Ack(1, 2, 3L), buf);
        buf.flip();
        assertEquals(new WireMessage.Ack(1, 2, 3L), serializer.fromBinary(buf, "A"));
    }

    @Test
    void batchWithExtremeFieldsAndEmptyPayloadRoundTrips() {
        var batch = (WireMessage.Batch) roundTrip(
                new WireMessage.Batch(Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, new byte[0]), "B");
        assertEquals(Integer.MAX_VALUE, batch.port());
        assertEquals(Integer.MIN_VALUE, batch.sender());
        assertEquals(Long.MIN_VALUE, batch.seq());
        assertArrayEquals(new byte[0], batch.payload());
    }

    @Test
    void endRoundTrips() {
        assertEquals(new WireMessage.End(2, 9, 77L), roundTrip(new WireMessage.End(2, 9, 77L), "E"));
        assertEquals(new WireMessage.End(0, 0, 0L), roundTrip(new WireMessage.End(0, 0, 0L), "E"));
    }

    @Test
    void ackRoundTrips() {
        assertEquals(new WireMessage.Ack(1, 4, Long.MAX_VALUE), roundTrip(new WireMessage.Ack(1, 4, Long.MAX_VALUE), "A"));
    }

    @Test
    void barrierRoundTrips() {
        assertEquals(new WireMessage.Barrier(3, 1, 42L), roundTrip(new WireMessage.Barrier(3, 1, 42L), "S"));
        assertThrows(IllegalArgumentException.class, () -> serializer.fromBinary(new byte[12], "S"));
    }

    @Test
    void pekkoUsesItForWireMessages() throws NotSerializableException {
        Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
        var ack = new WireMessage.Ack(5, 6, 7L);
        var found = serialization.findSerializerFor(ack);
        assertInstanceOf(WireSerializer.class, found);
        assertEquals(WireSerializer.IDENTIFIER, found.identifier());
        byte[] bytes = serialization.serialize(ack).get();
        assertEquals(ack, serialization.deserialize(bytes, found.identifier(), Serializers.manifestFor(found, ack)).get());
    }

    @Test
    void unknownManifestIsNotSerializable() {
        NotSerializableException e = assertThrows(NotSerializableException.class,
                () -> serializer.fromBinary(new byte[16], "Z"));
        assertTrue(e.getMessage().contains("'Z'"), e.getMessage());
    }

    @Test
    void malformedBytesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> serializer.fromBinary(new byte[15], "E"));
        assertThrows(IllegalArgumentException.class, () -> serializer.fromBinary(new byte[20], "B"));
        byte[] batch = serializer.toBinary(new WireMessage.Batch(1, 2, 3L, new byte[] {4, 5}));
        byte[] truncated = Arrays.copyOf(batch, batch.length - 1);
        assertThrows(IllegalArgumentException.class, () -> serializer.fromBinary(truncated, "B"));
    }

    @Test
    void otherMessagesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> serializer.manifest("text"));
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("text"));
    }

    private static WireMessage roundTrip(WireMessage message, String expectedManifest) {
        String manifest = serializer.manifest(message);
        assertEquals(expectedManifest, manifest);
        try {
            return (WireMessage) serializer.fromBinary(serializer.toBinary(message), manifest);
        } catch (NotSerializableException e) {
            throw new AssertionError(e);
        }
    }
}
