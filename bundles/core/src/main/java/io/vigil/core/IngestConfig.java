package io.vigil.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil ingest", description = "Normalisation, plugin chain and Elasticsearch writer every input hands its events to")
@interface IngestConfig {

    @AttributeDefinition(description = "Value of mozdefhostname in every event; empty means this machine's name")
    String mozdefHostname() default "";

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

    @AttributeDefinition(description = "Seconds a bulk request waits for Elasticsearch; its events then count as not stored (the input retries)")
    int indexTimeoutSeconds() default 60;

    @AttributeDefinition(description = "Bytes of received data all inputs together hold before their events are settled; beyond, HTTP answers 429,"
            + " queue consumers wait, UDP syslog drops (counted)")
    long maxInFlightBytes() default 32L * 1024 * 1024;
}
