package io.vigil.tls.http;

import io.vigil.tls.ServerTls;
import io.vigil.tls.TlsStores;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The TLS of the HTTP input's port ({@code sslContextParameters=#io.vigil.http.tls} in routes/http-input.xml and
 * routes/blocklist.xml), used when {@code scheme} in etc/io.vigil.http.cfg is {@code https}.
 */
@Component(name = "io.vigil.http.tls", service = SSLContextParameters.class, property = "name=io.vigil.http.tls", configurationPid = "io.vigil.http",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TlsStores.class)
public class HttpTls extends ServerTls {

    @Activate
    public HttpTls(TlsStores stores) {
        super("HTTPS", "etc/io.vigil.http.cfg", stores);
    }
}
