package io.sluice.runtime.actor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A member's part of a snapshot, as the store keeps it: each operator's encoded state by node id.
 *
 * <pre>
 * part     = magic:int32 version:u8 count:int32 count × (node:int32 length:int32 state)
 * state    = the operator's elements in the flow's element codec: ended:boolean, then the logic's state
 * </pre>
 */
final class SnapshotPart {

    private static final int MAGIC = 0x534c5350; // "SLSP"
    private static final byte VERSION = 1;

    private SnapshotPart() {
    }

    static byte[] write(Map<Integer, byte[]> states) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(states.size());
            for (Map.Entry<Integer, byte[]> e : states.entrySet()) {
                out.writeInt(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The states in {@code part}.
     *
     * @throws IllegalArgumentException when it is not a part this version wrote
     */
    static Map<Integer, byte[]> read(byte[] part) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(part))) {
            if (in.readInt() != MAGIC || in.readByte() != VERSION) {
                throw new IllegalArgumentException("not a snapshot part of this version of Sluice");
            }
            int count = in.readInt();
            Map<Integer, byte[]> states = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                int node = in.readInt();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("a snapshot part announces " + length + " bytes for node " + node
                            + " but holds " + in.available());
                }
                states.put(node, in.readNBytes(length));
            }
            return states;
        } catch (IOException e) {
            throw new IllegalArgumentException("a truncated snapshot part: " + e.getMessage(), e);
        }
    }
}
