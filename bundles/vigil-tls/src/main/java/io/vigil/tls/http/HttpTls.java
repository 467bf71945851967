package io.vigil.tls.http;

import io.vigil.tls.ServerTls;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The TLS of the HTTP input's port ({@code sslContextParameters=#io.vigil.http.tls} in routes/http-input.xml and
 * routes/blocklist.xml), used when {@code scheme} in etc/io.vigil.http.cfg is {@code https}.
 */
@Component(name = "io.vigil.http.tls", service = SSLContextParameters.class, property = "name=io.vigil.http.tls", configurationPid = "io.vigil.http",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HttpTls.Config.class)
public class HttpTls extends ServerTls {

    @ObjectClassDefinition(name = "Vigil HTTP input TLS", description = "HTTPS on the HTTP input's port")
    public @interface Config {
        @AttributeDefinition(description = "PKCS12 keystore of the listener's key and certificate")
        String keyStore() default "";

        @AttributeDefinition(description = "Its password", type = AttributeType.PASSWORD)
        String keyStorePassword() default "";

        @AttributeDefinition(description = "PKCS12 truststore of the authorities clients' certificates must chain to")
        String trustStore() default "";

        @AttributeDefinition(description = "Its password", type = AttributeType.PASSWORD)
        String trustStorePassword() default "";

        @AttributeDefinition(description = "Whether each client must show a certificate the truststore vouches for")
        boolean clientAuth() default false;
    }

    @Activate
    public HttpTls(Config config) {
        super("HTTPS", "etc/io.vigil.http.cfg", config.keyStore(), config.keyStorePassword(), config.trustStore(), config.trustStorePassword(),
                config.clientAuth());
    }
}
