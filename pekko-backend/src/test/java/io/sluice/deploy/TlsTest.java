package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS between the nodes of a flow (Artery's {@code tls-tcp}), as {@code config/tls.conf}
 * sets it up for hand-started nodes: three configured nodes with certificates the test makes
 * (keytool) run the flow to its exact result; while they run, a client with a certificate the
 * cluster does not trust cannot get past the TLS handshake on the seed's port (so it can neither
 * join nor send), while one with the cluster's certificate can.
 */
class TlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        for (String who : List.of("node", "intruder")) {
            keytool("-genkeypair", "-alias", who, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=sluice-" + who,
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", file(who + ".p12"),
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-alias", who, "-keystore", file(who + ".p12"), "-storepass", PASSWORD,
                    "-file", file(who + ".crt"));
        }
        // The cluster trusts its own certificate only; the intruder trusts the cluster's, so that
        // only the cluster's refusal can stop it.
        keytool("-importcert", "-noprompt", "-alias", "node", "-file", file("node.crt"), "-storetype", "PKCS12",
                "-keystore", file("trust.p12"), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "node", "-file", file("node.crt"), "-storetype", "PKCS12",
                "-keystore", file("intruder-trust.p12"), "-storepass", PASSWORD);
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + command + ": " + output);
    }

    /** The TLS part of a node's configuration, as in config/tls.conf. */
    private static Config tls() {
        return ConfigFactory.parseString("""
                pekko.remote.artery {
                  transport = tls-tcp
                  ssl.config-ssl-engine {
                    key-store = "%s"
                    key-store-password = "%s"
                    key-password = "%s"
                    trust-store = "%s"
                    trust-store-password = "%s"
                    require-mutual-authentication = on
                  }
                }
                """.formatted(file("node.p12"), PASSWORD, PASSWORD, file("trust.p12"), PASSWORD));
    }

    @Test
    void configuredNodesRunTheFlowOverMutualTlsAndANodeWithoutTheRightCertificateIsTurnedAway() throws Exception {
        int seed = FreePorts.next();
        try (GatedPipeline flow = new GatedPipeline(20_000, seed, 0, 0, tls())) {
            awaitAccepted(seed, file("node.p12"), file("trust.p12"), Duration.ofSeconds(60));
            IOException refused = assertThrows(IOException.class,
                    () -> handshake(seed, file("intruder.p12"), file("intruder-trust.p12")),
                    "a client whose certificate the cluster does not trust gets no connection");
            assertTrue(refused instanceof SSLException || refused.getMessage().contains("closed"), refused.toString());
            flow.openAndAssertExact();
        }
    }

    /** Retries the cluster's own certificate until the seed listens and accepts it. */
    private static void awaitAccepted(int port, String keyStore, String trustStore, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                handshake(port, keyStore, trustStore);
                return;
            } catch (java.net.ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the seed did not listen within " + timeout, notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Opens a TLS connection to the node with the given key and trust stores and waits for its
     * first byte: a node that accepted the certificate waits for the client to speak Artery (the
     * read times out); one that refused it ends the handshake with an alert or closes.
     */
    private static void handshake(int port, String keyStore, String trustStore) throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore));
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(3_000);
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            try {
                if (in.read() < 0) {
                    throw new IOException("the node closed the connection");
                }
            } catch (SocketTimeoutException accepted) {
                // the node holds the connection open, waiting for the client's first frame
            }
        }
    }

    private static KeyStore load(String path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(Path.of(path))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

}
