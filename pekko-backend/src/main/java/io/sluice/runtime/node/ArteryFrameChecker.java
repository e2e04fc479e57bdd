package io.sluice.runtime.node;

import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * Follows the bytes of one inbound Artery TCP connection, as they arrive in chunks of any size,
 * and says when they stop being Artery framing. It reads only the headers; the bytes themselves
 * are passed on untouched by {@link InboundGuardStage}.
 *
 * <p>What an Artery TCP connection carries (Pekko 1.7.0's {@code TcpFraming}; integers are
 * little-endian):
 * <pre>
 * connection = magic:4 stream-id:1 frame*       stream-id: 1 control, 2 ordinary, 3 large messages
 * frame      = length:int32 envelope[length]    28 <= length <= the stream's maximum frame size
 * envelope   = version:1 ...                    version <= ArteryTransport.HighestVersion (0)
 * </pre>
 * The magic is left to Pekko, which refuses a wrong one and closes the connection. A frame's
 * envelope always holds Artery's fixed 28-byte header ({@code EnvelopeBuffer}), so a shorter frame
 * is not Pekko's; the maximum is {@code pekko.remote.artery.advanced.maximum-frame-size} (or
 * {@code maximum-large-frame-size} on the large-message stream), which no sender exceeds.
 */
final class ArteryFrameChecker {

    /** Bytes of Artery's fixed envelope header: every frame holds at least these. */
    static final int ENVELOPE_HEADER_BYTES = 28;
    private static final int MAGIC_BYTES = 4;
    private static final int CONTROL = 1;
    private static final int LARGE = 3;

    private enum Expect { CONNECTION_HEADER, LENGTH, VERSION, BODY }

    private final int maxFrame;
    private final int maxLargeFrame;
    private final int highestVersion;

    private Expect expect = Expect.CONNECTION_HEADER;
    /** Bytes of the connection header, or of the current frame's length, read so far. */
    private int headerRead;
    private int length;
    private int streamMaxFrame;
    /** Bytes of the current frame's envelope still to come. */
    private int remaining;
    private boolean firstFrameComplete;

    /**
     * @param maxFrame       the largest frame on the control and ordinary streams
     * @param maxLargeFrame  the largest frame on the large-message stream
     * @param highestVersion the highest envelope version Pekko decodes
     */
    ArteryFrameChecker(int maxFrame, int maxLargeFrame, int highestVersion) {
        this.maxFrame = maxFrame;
        this.maxLargeFrame = maxLargeFrame;
        this.highestVersion = highestVersion;
    }

    /** Whether the connection header and one whole frame have arrived (Artery's handshake is under way). */
    boolean firstFrameComplete() {
        return firstFrameComplete;
    }

    /**
     * Follows the next chunk of the connection's bytes: empty if they are still Artery framing,
     * else what is wrong (the connection must then be closed; nothing more is checked).
     */
    Optional<String> accept(ByteString chunk) {
        int n = chunk.length();
        int i = 0;
        while (i < n) {
            switch (expect) {
                case CONNECTION_HEADER -> {
                    if (headerRead == MAGIC_BYTES) {
                        int streamId = chunk.apply(i) & 0xff;
                        if (streamId < CONTROL || streamId > LARGE) {
                            return Optional.of("unknown stream id " + streamId);
                        }
                        streamMaxFrame = streamId == LARGE ? maxLargeFrame : maxFrame;
                        expect = Expect.LENGTH;
                        headerRead = 0;
                    } else {
                        headerRead++;
                    }
                    i++;
                }
                case LENGTH -> {
                    length |= (chunk.apply(i) & 0xff) << (8 * headerRead);
                    i++;
                    if (++headerRead == 4) {
                        if (length < ENVELOPE_HEADER_BYTES || length > streamMaxFrame) {
                            return Optional.of("frame length " + length + " outside " + ENVELOPE_HEADER_BYTES + ".."
                                    + streamMaxFrame);
                        }
                        remaining = length;
                        headerRead = 0;
                        length = 0;
                        expect = Expect.VERSION;
                    }
                }
                case VERSION -> {
                    int version = chunk.apply(i);
                    if (version < 0 || version > highestVersion) {
                        return Optional.of("envelope version " + version + " (Pekko reads up to " + highestVersion + ")");
                    }
                    i++;
                    remaining--;
                    expect = Expect.BODY;
                }
                case BODY -> {
                    int skip = Math.min(remaining, n - i);
                    i += skip;
                    remaining -= skip;
                    if (remaining == 0) {
                        firstFrameComplete = true;
                        expect = Expect.LENGTH;
                    }
                }
            }
        }
        return Optional.empty();
    }
}
