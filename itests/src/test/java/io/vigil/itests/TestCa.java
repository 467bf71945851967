package io.vigil.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority of a test's own, made with the JDK's keytool: PKCS12 stores of certificates it signs
 * (servers for 127.0.0.1 and localhost, clients), and a truststore of it alone.
 */
final class TestCa {

    static final String PASSWORD = "test-ca-secret";

    private final Path dir;
    final Path truststore;
    /** The CA's certificate alone, PEM, for curl and other non-Java clients. */
    final Path pem;

    TestCa(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        Path ca = dir.resolve("ca.p12");
        Files.deleteIfExists(ca);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Vigil test CA", "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
        pem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", pem.toString());
        truststore = dir.resolve("trust.p12");
        Files.deleteIfExists(truststore);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", dir.resolve("ca.pem").toString(), "-keystore", truststore.toString());
    }

    /** A store with a key and the certificate this CA signed for it ({@code san} such as {@code ip:127.0.0.1,dns:localhost}). */
    Path issue(String name, String san) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Files.deleteIfExists(store);
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-dname", "CN=" + name, "-validity", "2", "-keystore", store.toString());
        Path request = dir.resolve(name + ".csr");
        Path certificate = dir.resolve(name + ".pem");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(), "-infile",
                request.toString(), "-outfile", certificate.toString(), "-validity", "2"));
        if (san != null) {
            sign.addAll(List.of("-ext", "san=" + san));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", dir.resolve("ca.pem").toString(), "-keystore", store.toString());
        keytool("-importcert", "-alias", name, "-file", certificate.toString(), "-keystore", store.toString());
        return store;
    }

    /** A client context trusting this CA alone, showing {@code clientStore}'s certificate when not {@code null}. */
    SSLContext context(Path clientStore) throws IOException, GeneralSecurityException {
        return clientContext(load(truststore, PASSWORD), clientStore == null ? null : load(clientStore, PASSWORD));
    }

    /** A client context trusting the certificates of {@code trust}, showing the key of {@code keys} (of this CA's password) if any. */
    static SSLContext clientContext(KeyStore trust, KeyStore keys) throws GeneralSecurityException {
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(trust);
        KeyManagerFactory shown = null;
        if (keys != null) {
            shown = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            shown.init(keys, PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(shown == null ? null : shown.getKeyManagers(), trusted.getTrustManagers(), null);
        return context;
    }

    static KeyStore load(Path path, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", arguments) + ": " + output);
        }
    }
}
