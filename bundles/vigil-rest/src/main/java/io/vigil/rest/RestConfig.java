package io.vigil.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil REST API", description = "The REST API of routes/rest.xml; its port, host and TLS are the route placeholders {{rest.*}}")
public @interface RestConfig {

    @AttributeDefinition(description = "Elasticsearch URL (the cfg file takes VIGIL_ES_URL)")
    String url() default "http://127.0.0.1:9250";

    @AttributeDefinition(description = "JAAS realm users sign in with: vigil (etc/vigil.users), karaf, or a realm of your own (LDAP)")
    String realm() default "vigil";

    @AttributeDefinition(description = "Seconds a successful sign-in is remembered for the same name and password")
    int rememberSeconds() default 300;

    @AttributeDefinition(description = "Indices searched for events")
    String eventsIndex() default "events-*,-events-deadletter";

    @AttributeDefinition(description = "Indices of the alerts")
    String alertsIndex() default "alerts-*";

    String incidentsIndex() default "incidents";

    String investigationsIndex() default "investigations";

    String watchlistIndex() default "watchlist";

    @AttributeDefinition(description = "Duplicate chains of the triage bot")
    String chainsIndex() default "duplicatechains";

    @AttributeDefinition(description = "Kibana's index, for /kibanadashboards")
    String kibanaIndex() default ".kibana";

    @AttributeDefinition(description = "With scheme https: PKCS12 keystore of the port's key and certificate")
    String keyStore() default "";

    @AttributeDefinition(description = "Its password", type = AttributeType.PASSWORD)
    String keyStorePassword() default "";

    @AttributeDefinition(description = "PKCS12 truststore of the authorities clients' certificates must chain to")
    String trustStore() default "";

    @AttributeDefinition(description = "Its password", type = AttributeType.PASSWORD)
    String trustStorePassword() default "";

    @AttributeDefinition(description = "Whether each client must show a certificate the truststore vouches for, besides signing in")
    boolean clientAuth() default false;
}
