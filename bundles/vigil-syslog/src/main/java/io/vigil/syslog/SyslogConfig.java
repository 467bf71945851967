package io.vigil.syslog;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil syslog input", description = "RFC 5424 and RFC 3164 over UDP, TCP and TLS (routes/syslog-input.xml)")
public @interface SyslogConfig {

    @AttributeDefinition(description = "Zone of RFC 3164 timestamps, which carry none")
    String zone() default "UTC";

    @AttributeDefinition(description = "Bytes a message may have; a longer frame is cut there")
    int maxLength() default 65536;

    @AttributeDefinition(description = "UDP messages being indexed at most; beyond, datagrams are dropped and counted")
    int udpInFlight() default 10000;

    @AttributeDefinition(description = "PKCS12 keystore of the TLS listener's key and certificate")
    String keyStore() default "";

    @AttributeDefinition(description = "Its password", type = AttributeType.PASSWORD)
    String keyStorePassword() default "";

    @AttributeDefinition(description = "PKCS12 truststore of the authorities senders' certificates must chain to (mTLS)")
    String trustStore() default "";

    @AttributeDefinition(description = "Its password", type = AttributeType.PASSWORD)
    String trustStorePassword() default "";

    @AttributeDefinition(description = "Whether each TLS sender must show a certificate the truststore vouches for")
    boolean clientAuth() default false;
}
