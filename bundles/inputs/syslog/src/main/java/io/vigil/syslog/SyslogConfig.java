package io.vigil.syslog;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The syslog input's settings; its TLS listener's stores are {@link io.vigil.tls.TlsStores}, of the same configuration. */
@ObjectClassDefinition(name = "Vigil syslog input", description = "RFC 5424 and RFC 3164 over UDP, TCP and TLS (routes/syslog-input.xml)")
public @interface SyslogConfig {

    @AttributeDefinition(description = "Zone of RFC 3164 timestamps, which carry none")
    String zone() default "UTC";

    @AttributeDefinition(description = "Bytes a message may have; a longer frame is cut there")
    int maxLength() default 65536;

    @AttributeDefinition(description = "UDP messages being indexed at most; beyond, datagrams are dropped and counted")
    int udpInFlight() default 10000;
}
