package io.vigil.amqp;

import com.rabbitmq.client.ShutdownSignalException;
import io.vigil.api.metrics.HealthCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

/**
 * The broker connection of the AMQP input, as the service {@code #io.vigil.amqp.connection} that
 * {@code routes/amqp-input.xml} consumes with. Spring's listener container reconnects with back-off when the broker
 * goes away; nothing connects until a route uses it.
 */
@Component(name = "io.vigil.amqp", service = {}, configurationPid = "io.vigil.amqp", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AmqpConfig.class)
public class AmqpConnection {

    /** The name routes refer to the connection by. */
    public static final String NAME = "io.vigil.amqp.connection";

    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);

    private final CachingConnectionFactory factory;
    private final ServiceRegistration<ConnectionFactory> registration;
    private final ServiceRegistration<HealthCheck> health;
    private volatile boolean connected;

    @Activate
    public AmqpConnection(AmqpConfig config, BundleContext context) throws IOException, GeneralSecurityException {
        com.rabbitmq.client.ConnectionFactory rabbit = new com.rabbitmq.client.ConnectionFactory();
        rabbit.setHost(config.host());
        rabbit.setPort(config.port());
        rabbit.setVirtualHost(config.vhost());
        rabbit.setUsername(config.username());
        rabbit.setPassword(config.password());
        // Spring's container recovers connections itself; the client's own recovery would fight it.
        rabbit.setAutomaticRecoveryEnabled(false);
        if (config.tls()) {
            rabbit.useSslProtocol(sslContext(config.tlsCaFile().trim()));
            if (config.tlsVerifyHostname()) {
                rabbit.enableHostnameVerification();
            }
        }
        this.factory = new CachingConnectionFactory(rabbit);
        factory.setConnectionNameStrategy(connectionFactory -> "vigil");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", NAME);
        this.registration = context.registerService(ConnectionFactory.class, factory, properties);
        String where = "amqp" + (config.tls() ? "s" : "") + "://" + config.host() + ":" + config.port() + config.vhost();
        LOG.info("AMQP input connects to {} as {}", where, config.username());
        factory.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(Connection connection) {
                connected = true;
            }

            @Override
            public void onClose(Connection connection) {
                connected = false;
            }

            @Override
            public void onShutDown(ShutdownSignalException signal) {
                connected = false;
            }
        });
        // Only an enabled input is something to be healthy: an idle one connects to nothing, by design.
        this.health = config.enabled() ? context.registerService(HealthCheck.class, new HealthCheck() {
            @Override
            public String name() {
                return "RabbitMQ " + where;
            }

            @Override
            public String problem() {
                return connected ? null : "the AMQP input is not connected to the broker (see the log for why; it retries)";
            }
        }, null) : null;
    }

    @Deactivate
    void close() {
        if (health != null) {
            health.unregister();
        }
        registration.unregister();
        factory.destroy();
    }

    private static SSLContext sslContext(String caFile) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile.isEmpty()) {
            trust.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(caFile))) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
            }
            trust.init(store);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
