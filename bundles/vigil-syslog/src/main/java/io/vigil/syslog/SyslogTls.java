package io.vigil.syslog;

import io.vigil.tls.ServerTls;

/**
 * The TLS of the syslog listener ({@code sslContextParameters=#io.vigil.syslog.tls} in routes/syslog-input.xml),
 * registered by {@link SyslogInput} rather than as a component of its own: Camel's OSGi registry finds a bean by
 * configuration PID before it does by name, so a second component of PID {@code io.vigil.syslog} could be handed
 * to the route as the decoder {@code #io.vigil.syslog}.
 */
final class SyslogTls extends ServerTls {

    SyslogTls(SyslogConfig config) {
        super("Syslog over TLS", "etc/io.vigil.syslog.cfg", config.keyStore(), config.keyStorePassword(), config.trustStore(),
                config.trustStorePassword(), config.clientAuth());
    }
}
