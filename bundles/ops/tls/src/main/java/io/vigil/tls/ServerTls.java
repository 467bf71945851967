package io.vigil.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import org.apache.camel.support.jsse.FilterParameters;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's TLS, for a Camel endpoint's {@code sslContextParameters=#<name>}: the key and certificate of a PKCS12
 * keystore, TLS 1.3 and 1.2 only, no cipher suite without forward secrecy and authenticated encryption; with client
 * authentication, senders' certificates must chain to the truststore (mTLS). A listener's component registers one
 * made from its configuration's {@link TlsStores} (or is one, as the HTTP input's). Stores that cannot be read leave the listener unable to accept anyone and say why, rather
 * than failing the component (and, with it, the plain-text listeners of the same bundle).
 */
public class ServerTls extends SSLContextParameters {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    /**
     * @param listener what the log says when a store is missing or unreadable ({@code "Syslog over TLS"})
     * @param cfg the configuration file that names the stores
     */
    public ServerTls(String listener, String cfg, TlsStores stores) {
        String keyStore = stores.keyStore();
        String keyStorePassword = stores.keyStorePassword();
        String trustStore = stores.trustStore();
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(List.of("TLSv1.3", "TLSv1.2"));
        setSecureSocketProtocols(protocols);
        FilterParameters ciphers = new FilterParameters();
        ciphers.getInclude().add("TLS_AES_.*");
        ciphers.getInclude().add("TLS_CHACHA20_.*");
        ciphers.getInclude().add("TLS_ECDHE_.*_(AES_(128|256)_GCM|CHACHA20_POLY1305)_SHA(256|384)?");
        setCipherSuitesFilter(ciphers);
        try {
            if (keyStore.isBlank()) {
                LOG.info("{} has no keyStore ({}): it cannot accept connections", listener, cfg);
            } else {
                KeyManagersParameters keys = new KeyManagersParameters();
                keys.setKeyStore(store(keyStore, keyStorePassword));
                keys.setKeyPassword(keyStorePassword);
                setKeyManagers(keys);
            }
            if (!trustStore.isBlank()) {
                TrustManagersParameters trust = new TrustManagersParameters();
                trust.setKeyStore(store(trustStore, stores.trustStorePassword()));
                setTrustManagers(trust);
            }
        } catch (IOException | GeneralSecurityException e) {
            LOG.error("{} cannot read its keyStore or trustStore ({}): {}", listener, cfg, e.toString());
        }
        SSLContextServerParameters server = new SSLContextServerParameters();
        server.setClientAuthentication(stores.clientAuth() ? "REQUIRE" : "NONE");
        setServerParameters(server);
    }

    private static KeyStoreParameters store(String path, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(path.trim()))) {
            store.load(in, password.toCharArray());
        }
        KeyStoreParameters parameters = new KeyStoreParameters();
        parameters.setKeyStore(store);
        parameters.setPassword(password);
        return parameters;
    }
}
