package io.vigil.elasticsearch.internal;

import io.vigil.elasticsearch.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** The TLS trust of a {@link Connection}: its CA file, its truststore or the JVM's, with or without host-name checks. */
final class Trust {

    private Trust() {
    }

    static SSLContext context(Connection connection) throws IOException {
        try {
            X509TrustManager trust = trustManager(keyStore(connection));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {connection.verifyHostname() ? trust : new AnyName((X509ExtendedTrustManager) trust)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS to Elasticsearch: " + e.getMessage(), e);
        }
    }

    /** The authorities to trust; {@code null} for the JVM's own. */
    static KeyStore keyStore(Connection connection) throws IOException, GeneralSecurityException {
        if (connection.caFile() != null) {
            return pem(connection.caFile());
        }
        if (connection.truststore() != null) {
            if (!Files.isReadable(connection.truststore())) {
                throw new IOException("truststore " + connection.truststore() + " cannot be read");
            }
            return KeyStore.getInstance(connection.truststore().toFile(), connection.truststorePassword().toCharArray());
        }
        return null;
    }

    /** Every certificate of a PEM file (Elasticsearch's {@code http_ca.crt}, a company CA bundle). */
    static KeyStore pem(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new IOException("CA file " + file + " holds no PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("CA file " + file + " holds no PEM certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + n++, certificate);
        }
        return store;
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /**
     * The chain must still come from a trusted authority, but its name need not be the host's. The JDK's HTTP client
     * always asks for the host-name check (the socket and engine forms below); the two-argument form skips it.
     */
    private static final class AnyName extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager trust;

        AnyName(X509ExtendedTrustManager trust) {
            this.trust = trust;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trust.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trust.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trust.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trust.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
        }
    }
}
