package io.vigil.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil HTTP input", description = "What the HTTP input's endpoints accept, and how long they wait for Elasticsearch")
public @interface HttpInputConfig {

    @AttributeDefinition(description = "Largest request body accepted, in bytes, also after gzip inflation (413 beyond)")
    int maxBodyBytes() default 10 * 1024 * 1024;

    @AttributeDefinition(description = "Deepest JSON nesting accepted (400 beyond)")
    int maxNestingDepth() default 100;

    @AttributeDefinition(description = "Shared-secret tokens, endpoint=token (events, nxlog, cef, custom, bulk); a request to such an "
            + "endpoint must send 'Authorization: Bearer <token>'. Empty: no token needed")
    String[] tokens() default {};

    @AttributeDefinition(description = "Seconds a request waits for its events to be stored before answering 503 (the pipeline's "
            + "indexTimeoutSeconds in etc/io.vigil.ingest.cfg bounds each bulk request)")
    int answerTimeoutSeconds() default 60;

    @AttributeDefinition(description = "Web pages (origins such as https://forms.example.com) whose scripts may post events; a request a browser "
            + "sends from any other page (its Origin or Sec-Fetch-Site says so) is refused with 403, so that a page a handler opens cannot inject "
            + "events. Shippers send neither header. Empty: no page may post")
    String[] browserOrigins() default {};
}
