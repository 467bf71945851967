package io.vigil.syslog;

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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS of the syslog listener ({@code sslContextParameters=#io.vigil.syslog.tls} in routes/syslog-input.xml): the
 * key and certificate of {@code keyStore}, TLS 1.3 and 1.2 only, no cipher suite without forward secrecy and
 * authenticated encryption; with {@code clientAuth} the senders' certificates must chain to {@code trustStore} (mTLS).
 */
@Component(name = "io.vigil.syslog.tls", service = SSLContextParameters.class, property = "name=io.vigil.syslog.tls",
        configurationPid = "io.vigil.syslog", configurationPolicy = ConfigurationPolicy.REQUIRE)
public class SyslogTls extends SSLContextParameters {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogTls.class);

    @Activate
    public SyslogTls(SyslogConfig config) {
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(List.of("TLSv1.3", "TLSv1.2"));
        setSecureSocketProtocols(protocols);
        FilterParameters ciphers = new FilterParameters();
        ciphers.getInclude().add("TLS_AES_.*");
        ciphers.getInclude().add("TLS_CHACHA20_.*");
        ciphers.getInclude().add("TLS_ECDHE_.*_(AES_(128|256)_GCM|CHACHA20_POLY1305)_SHA(256|384)?");
        setCipherSuitesFilter(ciphers);
        // Unreadable stores leave TLS unable to accept anyone, and say why, without taking UDP and TCP down with it.
        try {
            if (config.keyStore().isBlank()) {
                LOG.info("Syslog over TLS has no keyStore (etc/io.vigil.syslog.cfg): its listener cannot accept connections");
            } else {
                KeyManagersParameters keys = new KeyManagersParameters();
                keys.setKeyStore(store(config.keyStore(), config.keyStorePassword()));
                keys.setKeyPassword(config.keyStorePassword());
                setKeyManagers(keys);
            }
            if (!config.trustStore().isBlank()) {
                TrustManagersParameters trust = new TrustManagersParameters();
                trust.setKeyStore(store(config.trustStore(), config.trustStorePassword()));
                setTrustManagers(trust);
            }
        } catch (IOException | GeneralSecurityException e) {
            LOG.error("Syslog over TLS cannot read its keyStore or trustStore (etc/io.vigil.syslog.cfg): {}", e.toString());
        }
        SSLContextServerParameters server = new SSLContextServerParameters();
        server.setClientAuthentication(config.clientAuth() ? "REQUIRE" : "NONE");
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
