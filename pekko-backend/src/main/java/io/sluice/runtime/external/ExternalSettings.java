package io.sluice.runtime.external;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import java.time.Duration;
import java.util.Optional;

/**
 * Where an external port listens, how much it holds and whether it speaks TLS, from
 * {@code sluice.external}: the port's own {@code sluice.external."<tag>" { hostname, port, tls }}
 * over the defaults {@code sluice.external.hostname}, {@code .port} and {@code .tls} (the
 * {@code tls} sections merge key by key).
 *
 * <pre>{@code
 * ExternalSettings settings = ExternalSettings.of(system.settings().config(), binding.tag());
 * settings.tls().ifPresent(tls -> ...);   // loaded and checked: throws naming the setting
 * }</pre>
 *
 * @param hostname      the interface to bind
 * @param port          the TCP port, 0 for a free one
 * @param clientBuffer  replies held per client in its connection's queue
 * @param stallTimeout  how long a client's queue may stay full (the port's replies waiting for
 *                      it) before the client is dropped as not reading
 * @param maxFrameBytes the largest frame payload accepted or sent
 * @param tls           TLS on the port, or empty for plain TCP
 */
public record ExternalSettings(String hostname, int port, int clientBuffer, Duration stallTimeout, int maxFrameBytes,
                               Optional<ExternalTls> tls) {

    /** Checks the ranges. */
    public ExternalSettings {
        if (port < 0 || port > 65535 || clientBuffer < 1 || maxFrameBytes < 16 || stallTimeout.isNegative()
                || stallTimeout.isZero()) {
            throw new IllegalArgumentException("sluice.external settings out of range: port=" + port
                    + " (0..65535), client-buffer=" + clientBuffer + " (>= 1), client-stall-timeout=" + stallTimeout
                    + " (> 0), max-frame-bytes=" + maxFrameBytes + " (>= 16)");
        }
    }

    /**
     * The settings of the port of {@code tag} in {@code config}; with TLS on, its stores are loaded.
     *
     * @throws IllegalArgumentException naming the setting, when the TLS settings are wrong
     */
    public static ExternalSettings of(Config config, String tag) {
        Config s = config.getConfig("sluice.external");
        String path = ConfigUtil.joinPath(tag);
        Config own = s.hasPath(path) ? s.getConfig(path).withFallback(s) : s;
        String ownTls = "sluice.external." + path + ".tls.";
        Optional<ExternalTls> tls = ExternalTls.of(own.getConfig("tls"),
                key -> s.hasPath(path + ".tls." + key) ? ownTls + key : "sluice.external.tls." + key);
        return new ExternalSettings(own.getString("hostname"), own.getInt("port"), s.getInt("client-buffer"),
                s.getDuration("client-stall-timeout"), s.getBytes("max-frame-bytes").intValue(), tls);
    }
}
