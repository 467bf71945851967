package io.vigil.amqp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.vigil.amqp.cfg}: the broker and the queue the AMQP input consumes (routes read it as {@code {{amqp.<key>}}}). */
@ObjectClassDefinition(name = "Vigil AMQP input", description = "RabbitMQ broker, exchange and queue of the AMQP input (MozDef's eventtask by default)")
public @interface AmqpConfig {

    @AttributeDefinition(description = "Start the AMQP input (routes/amqp-input.xml reads it too); only then is the broker on the health page")
    boolean enabled() default false;

    @AttributeDefinition(description = "Broker host")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "Broker port (5672 plain, 5671 TLS by convention)")
    int port() default 5672;

    @AttributeDefinition(description = "Virtual host")
    String vhost() default "/";

    @AttributeDefinition(description = "User name")
    String username() default "guest";

    @AttributeDefinition(description = "Password", type = AttributeType.PASSWORD)
    String password() default "guest";

    @AttributeDefinition(description = "Connect with TLS (AMQPS)")
    boolean tls() default false;

    @AttributeDefinition(description = "PEM file of the CA(s) that signed the broker's certificate; empty = the JVM's trust store")
    String tlsCaFile() default "";

    @AttributeDefinition(description = "Check that the broker's certificate names the host connected to")
    boolean tlsVerifyHostname() default true;
}
