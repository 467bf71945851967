package io.vigil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.http.ElasticsearchApi.Call;
import io.vigil.http.ElasticsearchApi.Kind;
import org.junit.jupiter.api.Test;

/** Which of Elasticsearch's calls a request is, as its clients make them, and the answers' media types. */
class ElasticsearchApiTest {

    private static void assertCall(Kind kind, String index, String id, Call call) {
        assertEquals(kind, call.kind(), call.toString());
        assertEquals(index, call.index(), call.toString());
        assertEquals(id, call.id(), call.toString());
    }

    @Test
    void theDocumentApisClientsWriteWith() {
        assertCall(Kind.INFO, null, null, ElasticsearchApi.route("GET", "/"));
        assertCall(Kind.INFO, null, null, ElasticsearchApi.route("HEAD", ""));
        assertCall(Kind.BULK, null, null, ElasticsearchApi.route("POST", "/_bulk"));
        assertCall(Kind.BULK, "logs", null, ElasticsearchApi.route("PUT", "/logs/_bulk/"));
        assertCall(Kind.INDEX, "logs", null, ElasticsearchApi.route("POST", "/logs/_doc"));
        assertCall(Kind.INDEX, "logs", "a b/c", ElasticsearchApi.route("PUT", "/logs/_doc/a%20b%2Fc"));
        assertCall(Kind.CREATE, "logs", "1+1", ElasticsearchApi.route("POST", "/logs/_create/1+1"));
        assertCall(Kind.LICENSE, null, null, ElasticsearchApi.route("GET", "/_license"));
    }

    @Test
    void whatShippersAskAtStart() {
        assertCall(Kind.HEALTH, null, null, ElasticsearchApi.route("GET", "/_cluster/health"));
        assertCall(Kind.ACKNOWLEDGE, null, null, ElasticsearchApi.route("PUT", "/_index_template/filebeat-8.17.0"));
        assertCall(Kind.ACKNOWLEDGE, null, null, ElasticsearchApi.route("PUT", "/_ilm/policy/filebeat"));
        assertCall(Kind.ACKNOWLEDGE, null, null, ElasticsearchApi.route("PUT", "/_data_stream/logs-generic-default"));
        Call asked = ElasticsearchApi.route("GET", "/_index_template/ecs-logstash");
        assertEquals(404, asked.status());
        assertEquals(404, ElasticsearchApi.route("HEAD", "/_template/logstash").status());
    }

    @Test
    void whatItDoesNotOfferIsRefusedAsElasticsearchRefusesIt() {
        Call put = ElasticsearchApi.route("PUT", "/logs/_doc");
        assertEquals(405, put.status());
        assertEquals("Incorrect HTTP method for uri [/logs/_doc] and method [PUT], allowed: [POST]", put.reason());
        Call delete = ElasticsearchApi.route("DELETE", "/logs/_doc/1");
        assertEquals(405, delete.status());
        assertEquals(true, delete.reason().contains("append-only"), delete.reason());
        Call unknown = ElasticsearchApi.route("GET", "/_cat/indices");
        assertEquals(400, unknown.status());
        assertEquals("no handler found for uri [/_cat/indices] and method [GET]", unknown.reason());
        assertEquals(Kind.UNKNOWN, ElasticsearchApi.route("POST", "/_doc/_bulk").kind());
    }

    @Test
    void answersAreInTheMediaTypeTheClientAsked() {
        assertEquals("application/vnd.elasticsearch+json;compatible-with=9",
                ElasticsearchApi.contentType("application/vnd.elasticsearch+json; compatible-with=9", null));
        assertEquals("application/vnd.elasticsearch+json;compatible-with=8",
                ElasticsearchApi.contentType(null, "application/vnd.elasticsearch+x-ndjson; compatible-with=8"));
        assertEquals("application/json", ElasticsearchApi.contentType("*/*", "application/x-ndjson"));
    }

    @Test
    void errorsHaveElasticsearchsShape() {
        assertEquals("{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"no\"}],\"type\":\"security_exception\","
                + "\"reason\":\"no\"},\"status\":401}", ElasticsearchApi.error(401, ElasticsearchApi.errorType(401), "no").toString());
    }
}
