package io.vigil.tls;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A TLS listener's stores and client authentication, as its component reads them from its own configuration (keys
 * {@code keyStore}, {@code keyStorePassword}, {@code trustStore}, {@code trustStorePassword}, {@code clientAuth}):
 * a second configuration type beside the listener's, so each listener does not declare them again.
 */
@ObjectClassDefinition(name = "Vigil listener TLS", description = "The key and trust stores of a TLS listener, and whether clients must show a certificate")
public @interface TlsStores {

    @AttributeDefinition(description = "PKCS12 keystore of the listener's key and certificate")
    String keyStore() default "";

    @AttributeDefinition(description = "Its password", type = AttributeType.PASSWORD)
    String keyStorePassword() default "";

    @AttributeDefinition(description = "PKCS12 truststore of the authorities clients' certificates must chain to")
    String trustStore() default "";

    @AttributeDefinition(description = "Its password", type = AttributeType.PASSWORD)
    String trustStorePassword() default "";

    @AttributeDefinition(description = "Whether each client must show a certificate the truststore vouches for (mTLS)")
    boolean clientAuth() default false;
}
