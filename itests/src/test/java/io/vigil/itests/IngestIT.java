package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The HTTP input end to end: a Vigil started by {@code ./vigil run} (with the test services' Elasticsearch when
 * {@code ./vigil test} passes one), events posted every way a shipper does, and what Elasticsearch then holds.
 */
public class IngestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int BODY_LIMIT = 65536;
    /** The inputs' in-flight budget here: four bodies of the largest size. */
    private static final int IN_FLIGHT = 4 * BODY_LIMIT;
    private static VigilInstance vigil;
    private static Path routes;

    /** A word no other test run's events contain, to find this run's documents. */
    private final String marker = "m" + UUID.randomUUID().toString().replace("-", "");

    @BeforeClass
    public static void startVigil() throws Exception {
        vigil = new VigilInstance("ingest").withServicesElasticsearch();
        vigil.environment.put("VIGIL_MAX_BODY_BYTES", Integer.toString(BODY_LIMIT));
        vigil.environment.put("VIGIL_INGEST_MAX_INFLIGHT_BYTES", Integer.toString(IN_FLIGHT));
        vigil.environment.put("VIGIL_HTTP_TOKENS", "cef=s3cret");
        vigil.environment.put("VIGIL_MOZDEF_HOSTNAME", "vigil.itest");
        // Route files of its own (beside its state folder, which start() cleans), so a test can add one as an
        // integrator would, without touching routes/.
        routes = Path.of("target/ingest-routes").toAbsolutePath();
        Files.createDirectories(routes);
        Files.deleteIfExists(routes.resolve("second-port.xml"));
        // The input, and the REST API for MozDef's restapi vectors.
        for (String file : new String[] {"http-input.xml", "rest.xml"}) {
            Files.copy(VigilInstance.HOME.resolve("routes").resolve(file), routes.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        vigil.environment.put("VIGIL_ROUTES_DIR", routes.toString());
        vigil.start();
    }

    @AfterClass
    public static void stopVigil() throws Exception {
        VigilInstance.stop(vigil);
    }

    @Test
    public void aMozdefEventIsNormalisedAndSearchable() throws Exception {
        HttpResponse<String> answer = post("/events", "application/json",
                "{\"@message\":\"login " + marker + "\",\"host\":\"web1\",\"pid\":42,\"level\":\"info\",\"@timestamp\":\"2017-01-01T10:00:00-05:00\","
                        + "\"details.count_int\":\"5\",\"tags\":\"single\"}");
        assertEquals(answer.body(), 200, answer.statusCode());
        assertEquals("{\"accepted\":1,\"dropped\":0,\"deadlettered\":0}", answer.body());

        JsonNode event = only("events", "summary:" + marker);
        assertEquals("web1", event.path("hostname").asText());
        assertEquals("42", event.path("processid").asText());
        assertEquals("INFO", event.path("severity").asText());
        assertEquals("2017-01-01T15:00:00+00:00", event.path("utctimestamp").asText());
        assertEquals("vigil.itest", event.path("mozdefhostname").asText());
        assertEquals("event", event.path("type").asText());
        assertEquals(5, event.at("/details/count_int").asInt());
        assertEquals("[\"single\"]", event.path("tags").toString());
        assertEquals("UNKNOWN", event.path("category").asText());
    }

    @Test
    public void ndjsonAndGzipBodiesCarrySeveralEvents() throws Exception {
        String ndjson = "{\"summary\":\"one " + marker + "\"}\n{\"summary\":\"two " + marker + "\"}\n\n{\"summary\":\"three " + marker + "\"}\n";
        HttpResponse<String> plain = post("/events", "application/x-ndjson", ndjson);
        assertEquals(plain.body(), "{\"accepted\":3,\"dropped\":0,\"deadlettered\":0}", plain.body());
        HttpResponse<String> zipped = send(request("/nxlog").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(ndjson.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(zipped.body(), 200, zipped.statusCode());
        awaitCount("events", "summary:" + marker, 6);
    }

    @Test
    public void eachClassOfBadInputGetsItsCodeAndReason() throws Exception {
        assertRefused(post("/events", "application/json", "{\"summary\": broken"), 400, "line 1, column");
        assertRefused(send(request("/events").POST(HttpRequest.BodyPublishers.ofByteArray(
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}))), 400, "invalid UTF-8 at byte 6");
        assertRefused(post("/events", "application/json", "[".repeat(150) + "]".repeat(150)), 400, "nesting depth");
        assertRefused(post("/events", "application/json", "\"just a string\""), 400, "must be a JSON object");
        assertRefused(post("/events", "application/xml", "<event/>"), 415, "unsupported media type");
        // Refused before the body is read: asked with Expect: 100-continue, as clients of large bodies do, the answer
        // comes before the body is sent (otherwise the server closes on unread bytes, and the client, still
        // writing, may see the connection reset instead of the 413).
        assertRefused(send(request("/events").expectContinue(true).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"" + "x".repeat(BODY_LIMIT) + "\"}"))), 413, "over the limit");
        byte[] bomb = gzip(("{\"summary\":\"" + "y".repeat(BODY_LIMIT * 4) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertRefused(send(request("/events").header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(bomb))),
                413, "inflated body");
        assertRefused(post("/cef", "application/json", "{\"summary\":\"no token\"}"), 401, "Bearer");
        HttpResponse<String> withToken = send(request("/cef").header("Authorization", "Bearer s3cret")
                .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"cef " + marker + "\"}")));
        assertEquals(withToken.body(), 200, withToken.statusCode());
    }

    /**
     * A web page a handler opens may post text/plain to any address without asking (no CORS preflight), also under
     * another name for this host (DNS rebinding): a browser's request says where it comes from, and is refused; a
     * shipper's, which never does, is taken. Nothing of the refused ones is stored.
     */
    @Test
    public void aWebPageCannotPostEvents() throws Exception {
        String page = "page-" + marker;
        for (HttpRequest.Builder request : List.of(
                request("/events").header("Content-Type", "text/plain").header("Origin", "https://evil.example"),
                request("/events").header("Content-Type", "text/plain").header("Origin", "http://rebound.evil.example:8780"),
                request("/_bulk").header("Content-Type", "application/x-ndjson").header("Sec-Fetch-Site", "cross-site"))) {
            String body = request.build().uri().getPath().equals("/_bulk") ? "{\"index\":{}}\n{\"summary\":\"" + page + "\"}\n" : "{\"summary\":\"" + page + "\"}";
            HttpResponse<String> refused = send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(refused.body(), 403, refused.statusCode());
            assertTrue(refused.body(), refused.body().contains("a browser's request"));
        }
        HttpResponse<String> shipper = post("/events", "text/plain", "{\"summary\":\"shipped " + page + "\"}");
        assertEquals(shipper.body(), 200, shipper.statusCode());
        awaitCount("events", "summary:\"shipped " + page + "\"", 1);
        awaitCount("events", "summary:\"" + page + "\"", 1);
    }

    @Test
    public void bulkRefusesOnlyItsBadLinesAndKeepsTheIdsItIsGiven() throws Exception {
        String id = "id-" + marker;
        String body = "{\"index\":{\"_index\":\"whatever\",\"_id\":\"" + id + "\"}}\n{\"message\":\"first " + marker + "\"}\n"
                + "{\"index\":{}}\nnot json at all\n"
                + "{\"delete\":{\"_id\":\"x\"}}\n"
                + "{\"index\":{}}\n{\"message\":\"second " + marker + "\"}\n";
        HttpResponse<String> answer = post("/_bulk", "application/x-ndjson", body);
        assertEquals(answer.body(), 200, answer.statusCode());
        JsonNode json = JSON.readTree(answer.body());
        assertTrue(answer.body(), json.path("errors").asBoolean());
        JsonNode items = json.path("items");
        assertEquals(answer.body(), 4, items.size());
        assertEquals(201, items.at("/0/index/status").asInt());
        assertEquals(id, items.at("/0/index/_id").asText());
        assertEquals(400, items.at("/1/index/status").asInt());
        assertTrue(answer.body(), items.at("/1/index/error/reason").asText().startsWith("line 4:"));
        assertEquals(400, items.at("/2/delete/status").asInt());
        assertEquals(201, items.at("/3/index/status").asInt());
        awaitCount("events", "summary:" + marker, 2);
        assertEquals("first " + marker, only("events", "_id:" + id).path("summary").asText());
    }

    @Test
    public void customEndpointsKeepTheEventAsSent() throws Exception {
        HttpResponse<String> answer = post("/custom/myapp", "application/json", "{\"Anything\":\"goes " + marker + "\",\"message\":\"not mapped\"}");
        assertEquals(answer.body(), 200, answer.statusCode());
        JsonNode event = only("events", "Anything:\"goes " + marker + "\"");
        assertEquals("myapp", event.path("endpoint").asText());
        assertTrue(event.path("customendpoint").asBoolean());
        assertEquals("not mapped", event.path("message").asText());
        assertEquals("UNKNOWN", event.path("summary").asText());
    }

    @Test
    public void aDocumentElasticsearchRefusesIsDeadLetteredWithTheReason() throws Exception {
        HttpResponse<String> answer = post("/events", "application/json",
                "{\"summary\":\"bad flag " + marker + "\",\"details\":{\"success\":\"maybe\"}}");
        assertEquals(answer.body(), "{\"accepted\":0,\"dropped\":0,\"deadlettered\":1}", answer.body());
        JsonNode letter = only("events-deadletter", "original:" + marker);
        assertTrue(letter.toString(), letter.path("reason").asText().contains("details.success"));
        assertEquals("document_parsing_exception", letter.path("error_type").asText());
        assertTrue(JSON.readTree(letter.path("original").asText()).path("summary").asText().endsWith(marker));
    }

    @Test
    public void anIntegratorAddsASecondHttpPortWithARouteFileAndRemovesItAgain() throws Exception {
        int port = VigilInstance.freePort();
        Path file = routes.resolve("second-port.xml");
        Files.writeString(file, """
                <routes xmlns="http://camel.apache.org/schema/xml-io">
                  <route id="second-port-events">
                    <from uri="jetty:http://127.0.0.1:%d/events?httpMethodRestrict=POST&amp;disableStreamCache=true"/>
                    <setHeader name="vigil.endpoint"><constant>events</constant></setHeader>
                    <process ref="io.vigil.http.input"/>
                  </route>
                </routes>
                """.formatted(port));
        URI second = URI.create("http://127.0.0.1:" + port + "/events");
        HttpResponse<String> answer = await().atMost(30, SECONDS).ignoreExceptions().until(
                () -> HTTP.send(HttpRequest.newBuilder(second).POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"second " + marker + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()), response -> response.statusCode() == 200);
        assertEquals("{\"accepted\":1,\"dropped\":0,\"deadlettered\":0}", answer.body());
        awaitCount("events", "summary:" + marker, 1);

        Files.delete(file);
        await().atMost(30, SECONDS).until(() -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(second).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 404;
            } catch (IOException closed) {
                return true;
            }
        });
        assertEquals(200, send(request("/status").GET()).statusCode());
    }

    @Test
    public void vigilSendPostsAFileAndSummarises() throws Exception {
        Path file = vigil.var.resolve("send-" + marker + ".json");
        StringBuilder array = new StringBuilder("[\n");
        for (int i = 0; i < 1234; i++) {
            array.append(i == 0 ? "" : ",\n").append("{\"summary\":\"sent ").append(marker).append("\",\"details\":{\"n\":").append(i).append("}}");
        }
        Files.writeString(file, array.append("\n]").toString());
        VigilInstance.Result sent = vigil.vigil("send", file.toString());
        assertEquals(sent.out(), 0, sent.exit());
        assertTrue(sent.out(), sent.out().contains("sent 1234 events"));
        assertTrue(sent.out(), sent.out().contains("accepted 1234, dropped 0, dead-lettered 0, failed 0"));
        awaitCount("events", "summary:" + marker, 1234);
    }

    @Test
    public void mozdefLoginputVectorsPassAgainstTheRunningInstance() throws Exception {
        String fixtures = System.getProperty("vigil.fixtures", "../../shared/fixtures/mozdef");
        VigilInstance.Result result = vigil.vigil("fixtures", Path.of(fixtures).toAbsolutePath().toString());
        assertEquals(result.out(), 0, result.exit());
        assertTrue(result.out(), result.out().contains("http_endpoints.json: 12 passed, 0 failed"));
    }

    @Test
    public void looksLikeElasticsearchAndLoginputToShippers() throws Exception {
        HttpResponse<String> info = send(request("/").GET());
        assertEquals(200, info.statusCode());
        assertEquals("Elasticsearch", info.headers().firstValue("X-elastic-product").orElse(""));
        assertTrue(info.body(), JSON.readTree(info.body()).at("/version/number").asText().startsWith("8."));
        assertEquals("{\"status\": \"ok\", \"service\": \"loginput\"}", send(request("/status/").GET()).body());
        HttpResponse<String> test = send(request("/test/").GET());
        assertEquals(200, test.statusCode());
        assertEquals("", test.body());
    }

    @Test
    public void documentApisCreateAndNeverReplace() throws Exception {
        String id = "doc-" + marker;
        HttpResponse<String> created = send(request("/whatever/_create/" + id).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"message\":\"original " + marker + "\"}")));
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode answer = JSON.readTree(created.body());
        assertEquals("created", answer.path("result").asText());
        assertEquals(id, answer.path("_id").asText());
        assertTrue(answer.toString(), answer.path("_index").asText().startsWith("events-"));
        HttpResponse<String> again = send(request("/whatever/_create/" + id).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"message\":\"replacement " + marker + "\"}")));
        assertEquals(again.body(), 409, again.statusCode());
        assertEquals("version_conflict_engine_exception", JSON.readTree(again.body()).at("/error/type").asText());
        HttpResponse<String> indexed = send(request("/whatever/_doc/" + id).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"message\":\"replacement " + marker + "\"}")));
        assertEquals(indexed.body(), 200, indexed.statusCode());
        assertEquals("noop", JSON.readTree(indexed.body()).path("result").asText());
        HttpResponse<String> anonymous = post("/logs-2026/_doc", "application/json", "{\"message\":\"third " + marker + "\"}");
        assertEquals(anonymous.body(), 201, anonymous.statusCode());
        String chosen = JSON.readTree(anonymous.body()).path("_id").asText();
        HttpResponse<String> bulk = post("/logs/_bulk", "application/x-ndjson", "{\"create\":{\"_id\":\"" + id + "\"}}\n{\"message\":\"x\"}\n"
                + "{\"update\":{\"_id\":\"" + id + "\"}}\n{\"doc\":{\"message\":\"x\"}}\n{\"index\":{}}\n{\"message\":\"fourth " + marker + "\"}\n");
        JsonNode items = JSON.readTree(bulk.body()).path("items");
        assertEquals(bulk.body(), 409, items.at("/0/create/status").asInt());
        assertEquals(bulk.body(), 400, items.at("/1/update/status").asInt());
        assertTrue(bulk.body(), items.at("/1/update/error/reason").asText().contains("append-only"));
        assertEquals(bulk.body(), 201, items.at("/2/index/status").asInt());
        awaitCount("events", "summary:" + marker, 3);
        assertEquals("original " + marker, only("events", "_id:" + id).path("summary").asText());
        assertEquals("third " + marker, only("events", "_id:" + chosen).path("summary").asText());
    }

    /** The start-up requests of Filebeat, Logstash, Vector and Fluent Bit as their documentation shows them, then their bulk. */
    @Test
    public void shippersStartUpAsAgainstElasticsearch() throws Exception {
        record Probe(String method, String path, int status) {
        }
        for (Probe probe : List.of(new Probe("GET", "/", 200), new Probe("GET", "/_license?human=false", 200),
                new Probe("GET", "/_index_template/filebeat-8.17.0", 404), new Probe("PUT", "/_index_template/filebeat-8.17.0", 200),
                new Probe("GET", "/_ilm/policy/filebeat", 404), new Probe("PUT", "/_ilm/policy/filebeat", 200),
                new Probe("HEAD", "/_index_template/ecs-logstash", 404), new Probe("PUT", "/_index_template/ecs-logstash", 200),
                new Probe("GET", "/_cluster/health", 200))) {
            HttpResponse<String> answer = send(request(probe.path()).header("Content-Type", "application/json")
                    .method(probe.method(), probe.method().equals("PUT") ? HttpRequest.BodyPublishers.ofString("{\"index_patterns\":[\"x-*\"]}")
                            : HttpRequest.BodyPublishers.noBody()));
            assertEquals(probe + ": " + answer.body(), probe.status(), answer.statusCode());
            assertEquals(probe.toString(), "Elasticsearch", answer.headers().firstValue("X-Elastic-Product").orElse(""));
        }
        assertEquals("active", JSON.readTree(send(request("/_license").GET()).body()).at("/license/status").asText());
        String beats = "{\"create\":{\"_index\":\"filebeat-8.17.0\"}}\n{\"@timestamp\":\"2026-12-04T10:00:00.000Z\",\"message\":\"beat " + marker + "\"}\n";
        String fluent = "{\"index\":{\"_index\":\"fluent-bit\"}}\n{\"@timestamp\":\"2026-12-04T10:00:00.000Z\",\"log\":\"x\",\"message\":\"fluent " + marker + "\"}\n";
        for (String body : List.of(beats, fluent)) {
            HttpResponse<String> answer = post("/_bulk", "application/x-ndjson", body);
            assertEquals(answer.body(), false, JSON.readTree(answer.body()).path("errors").asBoolean());
        }
        awaitCount("events", "summary:" + marker, 2);
    }

    @Test
    public void everyAnswerSaysElasticsearchAndEchoesNothing() throws Exception {
        // Camel turns query parameters and request headers into message headers; none may come back as response headers.
        for (HttpRequest.Builder probe : new HttpRequest.Builder[] {request("/status?Set-Cookie=x%3D1&X-Echo=q"), request("/?Set-Cookie=x%3D1&X-Echo=q"),
                request("/test?Set-Cookie=x%3D1&X-Echo=q"), request("/_cat/indices?Set-Cookie=x%3D1&X-Echo=q"),
                request("/events?Set-Cookie=x%3D1&X-Echo=q").POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"echo " + marker + "\"}")),
                request("/_bulk?Set-Cookie=x%3D1&X-Echo=q").header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"index\":{}}\n{\"message\":\"echo " + marker + "\"}\n"))}) {
            HttpResponse<String> answer = send(probe.header("X-Echo", "h").header("User-Agent", "vigil-echo-test"));
            String where = answer.request().method() + " " + answer.uri() + " " + answer.headers().map();
            assertEquals(where, "Elasticsearch", answer.headers().firstValue("X-Elastic-Product").orElse(""));
            assertTrue(where, answer.headers().firstValue("Set-Cookie").isEmpty());
            assertTrue(where, answer.headers().firstValue("X-Echo").isEmpty());
            assertTrue(where, answer.headers().firstValue("User-Agent").isEmpty());
        }
        HttpResponse<String> unknown = send(request("/_cat/indices").header("Accept", "application/vnd.elasticsearch+json; compatible-with=9"));
        assertEquals(400, unknown.statusCode());
        assertEquals("application/vnd.elasticsearch+json;compatible-with=9", unknown.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no handler found for uri [/_cat/indices] and method [GET]", JSON.readTree(unknown.body()).at("/error/reason").asText());
    }

    /**
     * Four bodies trickling in without a length (chunked, over sockets of the test's own) each hold the most a body may
     * be, which spends the inputs' in-flight budget: the next request gets 429 with the reason and when to come back,
     * and nothing of it is stored; once they have come in whole, they are stored and the budget takes requests again.
     */
    @Test
    public void bodiesInFlightBeyondTheBudgetGet429UntilTheyAreStored() throws Exception {
        URI events = URI.create(vigil.httpUrl() + "/events");
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket(events.getHost(), events.getPort());
                slow.add(socket);
                chunk(socket, "POST /events HTTP/1.1\r\nHost: " + events.getAuthority() + "\r\nContent-Type: application/x-ndjson\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n", "{\"summary\":\"slow " + i + " " + marker + "\"}\n");
            }
            HttpResponse<String> refused = await().atMost(30, SECONDS).until(() -> post("/events", "application/json", "{\"summary\":\"refused " + marker + "\"}"),
                    answer -> answer.statusCode() == 429);
            assertRefused(refused, 429, "its budget of " + IN_FLIGHT + " (maxInFlightBytes in etc/io.vigil.ingest.cfg)");
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
            HttpResponse<String> bulk = post("/_bulk", "application/x-ndjson", "{\"index\":{}}\n{\"summary\":\"refused bulk " + marker + "\"}\n");
            assertEquals(bulk.body(), 429, bulk.statusCode());
            assertEquals("es_rejected_execution_exception", JSON.readTree(bulk.body()).at("/error/type").asText());
            for (Socket socket : slow) {
                chunk(socket, "", "{\"summary\":\"slow end " + marker + "\"}\n");
                socket.getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 200", status);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        awaitCount("events-2*", "summary:slow AND summary:" + marker, 8);
        assertEquals(200, post("/events", "application/json", "{\"summary\":\"after " + marker + "\"}").statusCode());
        awaitCount("events-2*", "summary:after AND summary:" + marker, 1);
        assertEquals(0, search("events-2*", "summary:refused AND summary:" + marker).size());
    }

    /** Writes {@code head} and then {@code text} as one chunk of a chunked body. */
    private static void chunk(Socket socket, String head, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write((head + Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String reason) throws IOException {
        assertEquals(answer.body(), status, answer.statusCode());
        assertTrue(answer.body(), JSON.readTree(answer.body()).path("error").asText().contains(reason));
    }

    private JsonNode only(String index, String query) {
        return await().atMost(30, SECONDS).until(() -> search(index, query), hits -> hits.size() == 1).get(0).path("_source");
    }

    private void awaitCount(String index, String query, int count) {
        await().atMost(30, SECONDS).until(() -> {
            HttpResponse<String> counted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/" + index + "/_count?q="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(counted.body()).path("count").asInt();
        }, found -> found == count);
    }

    private static JsonNode search(String index, String query) throws IOException, InterruptedException {
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/" + index + "/_search?size=100&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(found.body()).path("hits").path("hits");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(vigil.httpUrl() + path));
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(data);
        }
        return out.toByteArray();
    }
}
