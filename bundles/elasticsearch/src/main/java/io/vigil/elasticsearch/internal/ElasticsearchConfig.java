package io.vigil.elasticsearch.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil Elasticsearch", description = "The Elasticsearch every Vigil store writes to and reads from")
@interface ElasticsearchConfig {

    @AttributeDefinition(description = "http(s)://host:port, with a path prefix if a proxy serves Elasticsearch under one (https://proxy/es)")
    String url();

    @AttributeDefinition(description = "User for basic authentication (empty: none)", required = false)
    String username() default "";

    @AttributeDefinition(description = "Password of username", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(description = "API key, the 'encoded' value Elasticsearch's _security/api_key returns; used instead of username",
            type = AttributeType.PASSWORD, required = false)
    String apiKey() default "";

    @AttributeDefinition(description = "PEM file of the CA certificates to trust for https (Elasticsearch's config/certs/http_ca.crt); "
            + "empty: the truststore, or the JVM's CAs", required = false)
    String caFile() default "";

    @AttributeDefinition(description = "PKCS12 or JKS truststore to trust for https, when caFile is empty", required = false)
    String truststore() default "";

    @AttributeDefinition(description = "Password of the truststore", type = AttributeType.PASSWORD, required = false)
    String truststorePassword() default "";

    @AttributeDefinition(description = "Refuse a certificate not issued for the url's host name; false only while a certificate's names are being fixed")
    boolean verifyHostname() default true;

    @AttributeDefinition(description = "Seconds to wait for a connection")
    int connectTimeoutSeconds() default 5;

    @AttributeDefinition(description = "Seconds to wait for an answer (bulk requests have the bulk writer's own)")
    int requestTimeoutSeconds() default 30;
}
