package io.vigil.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paths, typed queries, connection settings and answers: what every store relies on to ask only what it means. */
class ElasticsearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pathSegmentsAreEncodedSoAnIdCannotReachAnotherEndpoint() {
        assertEquals("/alerts-202612/_doc/a%2F..%2F_bulk%3Fx%3D1", Elasticsearch.path("alerts-202612", "_doc", "a/../_bulk?x=1"));
        assertEquals("/blocklist/_doc/ip%3A10.0.0.1%20x", Elasticsearch.path("blocklist", "_doc", "ip:10.0.0.1 x"));
    }

    @Test
    void indexListsKeepWildcardsAndExclusions() {
        assertEquals("events-*,-events-deadletter", Elasticsearch.indices(List.of("events-*", "-events-deadletter")));
        assertEquals("a%2Cb", Elasticsearch.indices(List.of("a,b")));
    }

    @Test
    void queriesCarryUserInputAsValues() throws Exception {
        String id = "x\" OR _id:*";
        assertEquals(JSON.readTree("{\"size\":1,\"query\":{\"ids\":{\"values\":[\"x\\\" OR _id:*\"]}}}"), Query.search(Query.ids(id), 1));
        assertEquals(JSON.readTree("{\"bool\":{\"filter\":[{\"term\":{\"kind\":\"ip\"}},{\"range\":{\"dateExpiring\":{\"gt\":\"2026\"}}}]}}"),
                Query.allOf(Query.term("kind", "ip"), Query.greaterThan("dateExpiring", "2026")));
    }

    @Test
    void aConnectionRefusesWhatItCannotUse() {
        assertThrows(IllegalArgumentException.class, () -> Connection.to("127.0.0.1:9200"));
        assertThrows(IllegalArgumentException.class, () -> Connection.to("ftp://127.0.0.1:9200"));
        IllegalArgumentException userinfo = assertThrows(IllegalArgumentException.class, () -> Connection.to("https://elastic:secret@es:9200"));
        assertTrue(userinfo.getMessage().contains("username/password"), userinfo.getMessage());
        assertFalse(userinfo.getMessage().contains("secret"), "the message must not repeat the password");
    }

    @Test
    void aConnectionNeverShowsItsSecrets() {
        Connection basic = new Connection(URI.create("https://es:9200/prefix"), "vigil", "s3cret", "", null, null, "", true,
                Connection.CONNECT_TIMEOUT, Connection.REQUEST_TIMEOUT);
        assertEquals("https://es:9200/prefix as vigil", basic.toString());
        Connection key = new Connection(URI.create("https://es:9200"), "vigil", "", "a2V5OnNlY3JldA==", null, null, "", true,
                Connection.CONNECT_TIMEOUT, Connection.REQUEST_TIMEOUT);
        assertEquals("https://es:9200 with an API key", key.toString());
    }

    @Test
    void anAnswerSaysWhatElasticsearchSaid() throws Exception {
        Answer refused = new Answer(400, JSON.readTree("{\"error\":{\"root_cause\":[{\"type\":\"parsing_exception\",\"reason\":\"unknown query [nope]\"}],"
                + "\"type\":\"parsing_exception\",\"reason\":\"outer\"},\"status\":400}"));
        assertEquals("unknown query [nope]", refused.reason());
        assertEquals("parsing_exception", refused.errorType());
        Answer proxy = new Answer(502, JSON.getNodeFactory().textNode("<html>Bad Gateway</html>"));
        assertEquals("<html>Bad Gateway</html>", proxy.reason());
        ElasticsearchException unauthorised = new ElasticsearchException("GET /", new Answer(401,
                JSON.readTree("{\"error\":{\"type\":\"security_exception\",\"reason\":\"unable to authenticate user [vigil]\"}}")));
        assertTrue(unauthorised.getMessage().contains("io.vigil.elasticsearch.cfg"), unauthorised.getMessage());
        assertEquals(401, unauthorised.status());
    }
}
