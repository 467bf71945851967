package io.vigil.tls.http;

import io.vigil.tls.ServerTls;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The TLS of the REST API's port ({@code sslContextParameters=#io.vigil.rest.tls} in routes/rest.xml), used when
 * {@code scheme} in etc/io.vigil.rest.cfg is {@code https}; the same settings as the HTTP input's.
 */
@Component(name = "io.vigil.rest.tls", service = SSLContextParameters.class, property = "name=io.vigil.rest.tls", configurationPid = "io.vigil.rest",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HttpTls.Config.class)
public class RestTls extends ServerTls {

    @Activate
    public RestTls(HttpTls.Config config) {
        super("HTTPS", "etc/io.vigil.rest.cfg", config.keyStore(), config.keyStorePassword(), config.trustStore(), config.trustStorePassword(),
                config.clientAuth());
    }
}
