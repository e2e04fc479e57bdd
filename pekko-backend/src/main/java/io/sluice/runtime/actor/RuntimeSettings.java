package io.sluice.runtime.actor;

import com.typesafe.config.Config;
import io.sluice.runtime.wire.ElementCodec;
import java.time.Duration;

/**
 * The {@code sluice} section of the configuration (documented in {@code reference.conf}).
 *
 * @param window       batches in flight per channel before the sender waits for acks
 * @param maxBatch     elements per batch at most
 * @param maxBytes     encoded bytes per remote batch at most (below Artery's frame size)
 * @param joinTimeout  how long every member has to join and get ready before deployment fails
 * @param wakeInterval how often a node re-announces its members to the coordinator
 * @param codec        the element codec, with the classes of {@code serialization.allowed-classes}
 */
public record RuntimeSettings(int window, int maxBatch, int maxBytes, Duration joinTimeout, Duration wakeInterval,
                              ElementCodec codec) {

    public RuntimeSettings {
        if (window < 1 || maxBatch < 1 || maxBytes < 1024) {
            throw new IllegalArgumentException("sluice settings out of range: channel.window=" + window
                    + " (>= 1), batch.max-elements=" + maxBatch + " (>= 1), batch.max-bytes=" + maxBytes + " (>= 1024)");
        }
    }

    /** Settings with the {@linkplain ElementCodec#standard() standard codec} (no class allow-listed). */
    public RuntimeSettings(int window, int maxBatch, int maxBytes, Duration joinTimeout, Duration wakeInterval) {
        this(window, maxBatch, maxBytes, joinTimeout, wakeInterval, ElementCodec.standard());
    }

    static RuntimeSettings from(Config config) {
        Config s = config.getConfig("sluice");
        int window = s.getInt("channel.window");
        int artery = config.getBytes("pekko.remote.artery.advanced.maximum-frame-size").intValue();
        int maxBytes = s.getBytes("batch.max-bytes").intValue();
        if (maxBytes > artery - 1024) {
            throw new IllegalArgumentException("sluice.batch.max-bytes (" + maxBytes + ") must stay at least 1 KiB below "
                    + "pekko.remote.artery.advanced.maximum-frame-size (" + artery + "), or Artery drops the batches");
        }
        return new RuntimeSettings(window, s.getInt("batch.max-elements"), maxBytes,
                s.getDuration("join-timeout"), s.getDuration("wake-interval"),
                ElementCodec.allowing(s.getStringList("serialization.allowed-classes")));
    }
}
