package io.sluice.runtime.external;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;

/**
 * Where an external port listens and how much it holds, from {@code sluice.external}: the
 * port's own {@code sluice.external."<tag>" { hostname, port }} over the defaults
 * {@code sluice.external.hostname} and {@code .port}.
 *
 * @param hostname      the interface to bind
 * @param port          the TCP port, 0 for a free one
 * @param clientBuffer  replies held per client before it is dropped as not reading
 * @param maxFrameBytes the largest frame payload accepted or sent
 */
public record ExternalSettings(String hostname, int port, int clientBuffer, int maxFrameBytes) {

    /** Checks the ranges. */
    public ExternalSettings {
        if (port < 0 || port > 65535 || clientBuffer < 1 || maxFrameBytes < 16) {
            throw new IllegalArgumentException("sluice.external settings out of range: port=" + port
                    + " (0..65535), client-buffer=" + clientBuffer + " (>= 1), max-frame-bytes=" + maxFrameBytes
                    + " (>= 16)");
        }
    }

    /** The settings of the port of {@code tag} in {@code config}. */
    public static ExternalSettings of(Config config, String tag) {
        Config s = config.getConfig("sluice.external");
        String path = ConfigUtil.joinPath(tag);
        Config own = s.hasPath(path) ? s.getConfig(path).withFallback(s) : s;
        return new ExternalSettings(own.getString("hostname"), own.getInt("port"), s.getInt("client-buffer"),
                s.getBytes("max-frame-bytes").intValue());
    }
}
