package io.vigil.rest;

import io.vigil.tls.ServerTls;

/**
 * The TLS of the REST port ({@code sslContextParameters=#io.vigil.rest.tls} in routes/rest.xml), registered by
 * {@link RestService} rather than as a component of its own: Camel's OSGi registry finds a bean by configuration PID
 * before it does by name, so a second component of PID {@code io.vigil.rest} made {@code io.vigil.rest} ambiguous and
 * the route file reload at every start (its port closed a moment just after the container said it was healthy).
 */
final class RestTls extends ServerTls {

    RestTls(RestConfig config) {
        super("The REST API over HTTPS", "etc/io.vigil.rest.cfg", config.keyStore(), config.keyStorePassword(), config.trustStore(),
                config.trustStorePassword(), config.clientAuth());
    }
}
