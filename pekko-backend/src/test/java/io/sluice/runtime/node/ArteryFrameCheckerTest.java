package io.sluice.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** The guard's reading of Artery framing: what passes, what closes a connection, in chunks of any size. */
class ArteryFrameCheckerTest {

    private static final int MAX = 256 * 1024;
    private static final int MAX_LARGE = 2 * 1024 * 1024;

    private static ArteryFrameChecker checker() {
        return new ArteryFrameChecker(MAX, MAX_LARGE, 0);
    }

    /** Magic and stream id, then one frame per length, each a version byte 0 and filler. */
    private static byte[] connection(int streamId, int... lengths) {
        int total = 5;
        for (int l : lengths) {
            total += 4 + Math.max(l, 0);
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put("AKKA".getBytes(StandardCharsets.US_ASCII)).put((byte) streamId);
        for (int l : lengths) {
            b.putInt(l);
            for (int i = 0; i < l; i++) {
                b.put(i == 0 ? 0 : (byte) 0x5a);
            }
        }
        return b.array();
    }

    /** Feeds {@code bytes} in chunks of {@code chunk} bytes; the first problem, if any. */
    private static Optional<String> feed(ArteryFrameChecker c, byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            Optional<String> problem = c.accept(ByteString.fromArray(bytes, i, Math.min(chunk, bytes.length - i)));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    @Test
    void wellFramedConnectionsPassWhateverTheChunkSizes() {
        byte[] bytes = connection(2, 28, 1000, MAX, 40);
        for (int chunk : new int[] {1, 3, 7, 64, 4096, bytes.length}) {
            ArteryFrameChecker c = checker();
            assertEquals(Optional.empty(), feed(c, bytes, chunk), "chunks of " + chunk);
            assertTrue(c.firstFrameComplete());
        }
        assertEquals(Optional.empty(), feed(checker(), connection(3, MAX_LARGE), 65536), "large stream, large frame");
        assertEquals(Optional.empty(), feed(checker(), connection(1, 100), 5), "control stream");
    }

    @Test
    void theHandshakeIsCompleteOnlyOnceAWholeFirstFrameArrived() {
        ArteryFrameChecker c = checker();
        byte[] bytes = connection(2, 100);
        assertEquals(Optional.empty(), c.accept(ByteString.fromArray(bytes, 0, bytes.length - 1)));
        assertFalse(c.firstFrameComplete());
        assertEquals(Optional.empty(), c.accept(ByteString.fromArray(bytes, bytes.length - 1, 1)));
        assertTrue(c.firstFrameComplete());
    }

    @Test
    void aNegativeTooShortOrTooLongFrameIsRefused() {
        assertTrue(feed(checker(), connection(2, -4), 1).orElseThrow().contains("frame length -4"));
        assertTrue(feed(checker(), connection(2, 27), 1024).orElseThrow().contains("frame length 27"));
        assertTrue(feed(checker(), connection(2, MAX + 1), 1024).orElseThrow().contains("frame length " + (MAX + 1)));
        assertTrue(feed(checker(), connection(2, 100, Integer.MIN_VALUE), 7).isPresent(), "after a good frame too");
        assertTrue(feed(checker(), connection(1, MAX + 1), 1024).isPresent(), "the control stream's bound is the small one");
    }

    @Test
    void anUnknownStreamIdOrEnvelopeVersionIsRefused() {
        assertTrue(feed(checker(), connection(0, 100), 64).orElseThrow().contains("stream id 0"));
        assertTrue(feed(checker(), connection(9, 100), 64).orElseThrow().contains("stream id 9"));
        byte[] bytes = connection(2, 100);
        bytes[9] = 1;
        assertTrue(feed(checker(), bytes, 64).orElseThrow().contains("version 1"));
        bytes[9] = (byte) 0xff;
        assertTrue(feed(checker(), bytes, 64).orElseThrow().contains("version -1"));
    }
}
