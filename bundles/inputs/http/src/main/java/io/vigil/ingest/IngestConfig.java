package io.vigil.ingest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil ingest", description = "Normalisation, plugin chain and Elasticsearch writer of every input")
public @interface IngestConfig {

    @AttributeDefinition(description = "Elasticsearch URL (from etc/io.vigil.elasticsearch.cfg)")
    String url() default "http://127.0.0.1:9250";

    @AttributeDefinition(description = "Value of mozdefhostname in every event; empty means this machine's name")
    String mozdefHostname() default "";

    @AttributeDefinition(description = "Largest request body accepted, in bytes, also after gzip inflation (413 beyond)")
    int maxBodyBytes() default 10 * 1024 * 1024;

    @AttributeDefinition(description = "Deepest JSON nesting accepted (400 beyond)")
    int maxNestingDepth() default 100;

    @AttributeDefinition(description = "Shared-secret tokens, endpoint=token (events, nxlog, cef, custom, bulk); a request to such an "
            + "endpoint must send 'Authorization: Bearer <token>'. Empty: no token needed")
    String[] tokens() default {};

    @AttributeDefinition(description = "Documents per bulk request at most")
    int bulkMaxActions() default 5000;

    @AttributeDefinition(description = "Bytes per bulk request at most")
    int bulkMaxBytes() default 8 * 1024 * 1024;

    @AttributeDefinition(description = "Milliseconds a bulk request waits for more documents from concurrent requests")
    int bulkLingerMillis() default 5;

    @AttributeDefinition(description = "Bulk requests in flight at once")
    int bulkConcurrentRequests() default 2;

    @AttributeDefinition(description = "Documents waiting for Elasticsearch at most; beyond, inputs answer 503 (back-pressure)")
    int bulkQueueCapacity() default 50000;

    @AttributeDefinition(description = "Seconds a request waits for Elasticsearch to confirm its events before answering 503")
    int indexTimeoutSeconds() default 60;
}
