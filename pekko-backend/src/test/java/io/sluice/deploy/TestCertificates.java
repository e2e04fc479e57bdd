package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key and trust stores for TLS tests, made in a test's temporary directory: each key pair by the
 * JDK's {@code keytool} (self-signed, all of them generated in parallel), each trust store by the
 * {@link KeyStore} API from the key stores' certificates. Every store is PKCS12 with the password
 * {@link #PASSWORD}.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.make(dir, Map.of("server", "SAN=ip:127.0.0.1", "client", ""));
 * Path trust = certs.trustStore("trust.p12", "client");   // trusts the client's certificate only
 * }</pre>
 */
final class TestCertificates {

    static final String PASSWORD = "changeit";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes {@code <who>.p12} in {@code dir} for each key of {@code subjects}: an EC key and a
     * certificate for {@code CN=sluice-<who>}, with the keytool {@code -ext} value given (such as
     * {@code SAN=ip:127.0.0.1}), or none when it is empty.
     */
    static TestCertificates make(Path dir, Map<String, String> subjects) throws Exception {
        List<java.lang.Process> running = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>();
        for (Map.Entry<String, String> who : subjects.entrySet()) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                            .toString(), "-genkeypair", "-alias", who.getKey(), "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=sluice-" + who.getKey(), "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", dir.resolve(who.getKey() + ".p12").toString(), "-storepass", PASSWORD,
                    "-keypass", PASSWORD));
            if (!who.getValue().isEmpty()) {
                command.addAll(List.of("-ext", who.getValue()));
            }
            commands.add(command);
            running.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        for (int i = 0; i < running.size(); i++) {
            java.lang.Process p = running.get(i);
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + commands.get(i) + ": " + output);
        }
        return new TestCertificates(dir);
    }

    /** The key store of {@code who}. */
    Path keyStore(String who) {
        return dir.resolve(who + ".p12");
    }

    /** Writes {@code name}, a trust store holding the certificates of {@code whos}, and returns it. */
    Path trustStore(String name, String... whos) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (String who : whos) {
            trust.setCertificateEntry(who, load(keyStore(who)).getCertificate(who));
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** A TLSv1.3 context with the key of {@code keyStore} and the certificates of {@code trustStore}. */
    static SSLContext context(Path keyStore, Path trustStore) throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore));
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}
