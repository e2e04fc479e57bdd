package io.sluice.runtime.external;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS on an external port, from its {@code tls} section ({@code sluice.external."<tag>".tls} over
 * {@code sluice.external.tls}), whose keys are those of Pekko Artery's
 * {@code ssl.config-ssl-engine}: the key and trust stores are loaded, and the context built, when
 * the settings are read, so that a missing file or a wrong password fails the deployment with
 * the setting's name, before any member starts.
 *
 * <pre>{@code
 * Optional<ExternalTls> tls = ExternalTls.of(section.getConfig("tls"), key -> "sluice.external.tls." + key);
 * SSLEngine engine = tls.orElseThrow().serverEngine();   // one per accepted connection
 * }</pre>
 *
 * @param context           the context with the port's key and, with client auth, its trust store
 * @param protocol          the only TLS protocol enabled (e.g. {@code TLSv1.3})
 * @param enabledAlgorithms the cipher suites enabled
 * @param clientAuth        whether a client must show a certificate the trust store trusts
 * @param handshakeTimeout  how long an accepted connection has to finish its handshake
 * @param trustStore        the setting holding the trust store, for messages (empty: none)
 */
public record ExternalTls(SSLContext context, String protocol, List<String> enabledAlgorithms, boolean clientAuth,
                          Duration handshakeTimeout, String trustStore) {

    /** Copies the list. */
    public ExternalTls {
        enabledAlgorithms = List.copyOf(enabledAlgorithms);
    }

    /**
     * The TLS settings in {@code tls} (the merged {@code tls} section of one port), or empty
     * when {@code enabled = off}.
     *
     * @param tls   the merged section
     * @param named the full name of each key as an operator would find it, for messages
     * @throws IllegalArgumentException naming the setting, when a store cannot be read, a password
     *                                  is wrong or a value is not supported
     */
    public static Optional<ExternalTls> of(Config tls, UnaryOperator<String> named) {
        if (!tls.getBoolean("enabled")) {
            return Optional.empty();
        }
        String protocol = tls.getString("protocol");
        boolean clientAuth = tls.getBoolean("require-mutual-authentication");
        Duration timeout = tls.getDuration("handshake-timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(named.apply("handshake-timeout") + " must be positive, not " + timeout);
        }
        String keyStorePassword = tls.getString("key-store-password");
        String keyPassword = tls.getString("key-password").isEmpty() ? keyStorePassword : tls.getString("key-password");
        KeyStore keys = load(tls.getString("key-store"), keyStorePassword, "key-store", "key-store-password", named);
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            try {
                kmf.init(keys, keyPassword.toCharArray());
            } catch (UnrecoverableKeyException e) {
                throw new IllegalArgumentException(named.apply("key-password") + ": cannot read the key in "
                        + named.apply("key-store") + " (" + tls.getString("key-store") + "): wrong password? ("
                        + e.getMessage() + ")", e);
            }
            TrustManager[] trust = null;
            String trustSetting = "";
            if (clientAuth) {
                trustSetting = named.apply("trust-store");
                KeyStore trusted = load(tls.getString("trust-store"), tls.getString("trust-store-password"), "trust-store",
                        "trust-store-password", named);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted);
                trust = tmf.getTrustManagers();
            }
            SSLContext context;
            try {
                context = SSLContext.getInstance(protocol);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalArgumentException(named.apply("protocol") + " = \"" + protocol
                        + "\" is not a protocol this JVM supports (e.g. TLSv1.3, TLSv1.2)", e);
            }
            context.init(kmf.getKeyManagers(), trust, null);
            List<String> algorithms = tls.getStringList("enabled-algorithms");
            Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
            List<String> unknown = algorithms.stream().filter(a -> !supported.contains(a)).toList();
            if (algorithms.isEmpty() || !unknown.isEmpty()) {
                throw new IllegalArgumentException(named.apply("enabled-algorithms") + ": "
                        + (algorithms.isEmpty() ? "empty" : "not supported by this JVM: " + unknown)
                        + "; for TLSv1.3 e.g. [\"TLS_AES_128_GCM_SHA256\", \"TLS_AES_256_GCM_SHA384\"]");
            }
            if (!Arrays.asList(context.getSupportedSSLParameters().getProtocols()).contains(protocol)) {
                throw new IllegalArgumentException(named.apply("protocol") + " = \"" + protocol
                        + "\" is not a protocol this JVM supports (e.g. TLSv1.3, TLSv1.2)");
            }
            return Optional.of(new ExternalTls(context, protocol, algorithms, clientAuth, timeout, trustSetting));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(named.apply("key-store") + ": cannot set up TLS: " + e, e);
        }
    }

    /** A server-side engine for one accepted connection. */
    public SSLEngine serverEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(new String[] {protocol});
        engine.setEnabledCipherSuites(enabledAlgorithms.toArray(String[]::new));
        engine.setNeedClientAuth(clientAuth);
        return engine;
    }

    /**
     * What a failed handshake says about the client, in words for the server's log: the JDK's
     * message, preceded by its likely meaning when it is one of the usual refusals.
     */
    public String explain(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        String meaning;
        if (message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext connection")) {
            meaning = "it does not speak TLS (a plain-TCP client?)";
        } else if (message.contains("Empty client certificate chain") || message.contains("certificate_required")) {
            // A JDK client offers only a certificate issued by an authority the port names (those
            // of its trust store): an untrusted certificate is not even sent.
            meaning = "it showed no client certificate that " + trustStore + " trusts, and "
                    + "require-mutual-authentication is on";
        } else if (message.contains("PKIX") || message.contains("certificate path")) {
            meaning = "its certificate is not trusted by " + trustStore;
        } else if (message.contains("Received fatal alert: certificate_unknown")
                || message.contains("Received fatal alert: bad_certificate")
                || message.contains("Received fatal alert: unknown_ca")) {
            meaning = "it refused this port's certificate (it does not trust it, or the certificate does not name "
                    + "the host it connected to)";
        } else {
            meaning = "the TLS handshake failed";
        }
        return meaning + ": " + message;
    }

    private static KeyStore load(String file, String password, String fileKey, String passwordKey,
                                 UnaryOperator<String> named) {
        if (file.isEmpty()) {
            throw new IllegalArgumentException(named.apply(fileKey) + " is not set: TLS is enabled, so it must name a "
                    + "key store file (PKCS12 or JKS)");
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password.toCharArray());
            return store;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(named.apply(fileKey) + ": no such file: " + file, e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalArgumentException(named.apply(passwordKey) + ": wrong password for " + file + " ("
                        + named.apply(fileKey) + "): " + e.getMessage(), e);
            }
            throw new IllegalArgumentException(named.apply(fileKey) + ": cannot read " + file + " as a key store: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(named.apply(fileKey) + ": cannot read " + file + " as a key store: "
                    + e.getMessage(), e);
        }
    }
}
