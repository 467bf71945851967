package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vigil.elasticsearch.Connection;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.ElasticsearchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLHandshakeException;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Vigil against an Elasticsearch that requires credentials and TLS, as every production Elasticsearch 8 or 9 does. The
 * distribution the suite runs ({@code integ-test-zip}) has no security module, so a reverse proxy of the test's own
 * stands in front of it and checks what Elasticsearch's security would: HTTPS with a certificate of the test's CA (for
 * 127.0.0.1 only), basic credentials or an API key (401 with Elasticsearch's error otherwise), under the path prefix
 * {@code /es} (Elasticsearch behind a proxy). Whatever it forwards is recorded, so the test sees that Vigil's writes
 * went through it.
 */
public class SecuredElasticsearchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ES_URL = System.getProperty("vigil.es.url", "");
    private static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "");
    private static final String USER = "vigil";
    private static final String PASSWORD = "es-" + MARKER;
    private static final String API_KEY = Base64.getEncoder().encodeToString(("key-" + MARKER + ":secret").getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Queue<String> forwarded = new ConcurrentLinkedQueue<>();
    private static TestCa ca;
    private static HttpsServer proxy;
    private static ExecutorService threads;
    private static VigilInstance vigil;

    @BeforeClass
    public static void start() throws Exception {
        assumeFalse("needs an Elasticsearch: run ./vigil test, or pass -Dvigil.es.url", ES_URL.isEmpty() || ES_URL.startsWith("${"));
        ca = new TestCa(Path.of("target/secured-es-ca").toAbsolutePath());
        Path certificate = ca.issue("elasticsearch", "ip:127.0.0.1");
        proxy = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.setHttpsConfigurator(new HttpsConfigurator(TestCa.clientContext(TestCa.load(ca.truststore, TestCa.PASSWORD),
                TestCa.load(certificate, TestCa.PASSWORD))));
        threads = Executors.newFixedThreadPool(8);
        proxy.setExecutor(threads);
        proxy.createContext("/es/", SecuredElasticsearchIT::forward);
        proxy.createContext("/", exchange -> answer(exchange, 404, "{\"error\":\"Elasticsearch is under /es here\"}"));
        proxy.start();

        vigil = new VigilInstance("secured-es");
        vigil.environment.put("VIGIL_ES_URL", secured("127.0.0.1"));
        vigil.environment.put("VIGIL_ES_USERNAME", USER);
        vigil.environment.put("VIGIL_ES_PASSWORD", PASSWORD);
        vigil.environment.put("VIGIL_ES_CA_FILE", ca.pem.toString());
        vigil.environment.put("VIGIL_ADMIN_PASSWORD", PASSWORD);
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
        if (proxy != null) {
            proxy.stop(0);
            threads.shutdownNow();
        }
    }

    private static String secured(String host) {
        return "https://" + host + ":" + proxy.getAddress().getPort() + "/es";
    }

    /** Elasticsearch's security in front of Elasticsearch: the credentials checked, the rest forwarded as it came. */
    private static void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!basic.equals(authorization) && !("ApiKey " + API_KEY).equals(authorization)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"security\", charset=\"UTF-8\"");
                answer(exchange, 401, "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"unable to authenticate user [" + USER
                        + "] for REST request [" + exchange.getRequestURI().getRawPath() + "]\"}],\"type\":\"security_exception\","
                        + "\"reason\":\"unable to authenticate user\"},\"status\":401}");
                return;
            }
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath().substring("/es".length()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            forwarded.add(exchange.getRequestMethod() + " " + uri.getRawPath());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ES_URL + path))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                request.header("Content-Type", type);
            }
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type").ifPresent(value -> exchange.getResponseHeaders().add("Content-Type", value));
            boolean none = response.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.statusCode(), none ? -1 : response.body().length);
            if (!none) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Connection connection(String url, String user, String password, String apiKey, boolean caFile, boolean verifyHostname) {
        return new Connection(URI.create(url), user, password, apiKey, caFile ? ca.pem : null, null, "", verifyHostname,
                Connection.CONNECT_TIMEOUT, Connection.REQUEST_TIMEOUT);
    }

    private static long count(String query) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(ES_URL + "/events/_count?q=" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("count").asLong() : -1;
    }

    @Test
    public void eventsAreStoredThroughCredentialsTlsAndAPathPrefix() throws Exception {
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"secured " + MARKER + "\",\"hostname\":\"web1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), "{\"accepted\":1,\"dropped\":0,\"deadlettered\":0}", posted.body());
        await().atMost(30, SECONDS).until(() -> count("summary:" + MARKER) == 1);
        assertTrue(forwarded.toString(), forwarded.contains("POST /es/_bulk"));
        // The container's stores all went the same way: the event templates at start, the REST API's searches.
        assertTrue(forwarded.toString(), forwarded.contains("PUT /es/_index_template/vigil-events"));
        HttpResponse<String> searched = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vigil.environment.get("VIGIL_REST_PORT")
                + "/api/events?q=" + MARKER)).header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(searched.body(), 200, searched.statusCode());
        assertEquals(searched.body(), 1, JSON.readTree(searched.body()).path("total").asInt());
    }

    @Test
    public void wrongCredentialsAreRefusedWithWhereToMendThem() throws Exception {
        ElasticsearchException refused = assertThrows(ElasticsearchException.class,
                () -> Elasticsearch.connect(connection(secured("127.0.0.1"), USER, "wrong", "", true, true)).ok("GET", "/_cluster/health", null));
        assertEquals(401, refused.status());
        assertTrue(refused.getMessage(), refused.getMessage().contains("unable to authenticate user [vigil]"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("etc/io.vigil.elasticsearch.cfg"));
        JsonNode health = Elasticsearch.connect(connection(secured("127.0.0.1"), "", "", API_KEY, true, true)).ok("GET", "/_cluster/health", null);
        assertFalse(health.toString(), health.path("cluster_name").asText().isEmpty());
    }

    @Test
    public void onlyTheConfiguredAuthorityForTheRightNameIsTrusted() throws Exception {
        // The JVM's CAs do not know the test's.
        IOException unknown = assertThrows(IOException.class,
                () -> Elasticsearch.connect(connection(secured("127.0.0.1"), USER, PASSWORD, "", false, true)).ok("GET", "/_cluster/health", null));
        assertTrue(String.valueOf(unknown), unknown instanceof SSLHandshakeException || unknown.getCause() instanceof SSLHandshakeException);
        // The certificate is for 127.0.0.1, not for localhost: refused by name, unless the name check is off.
        IOException misnamed = assertThrows(IOException.class,
                () -> Elasticsearch.connect(connection(secured("localhost"), USER, PASSWORD, "", true, true)).ok("GET", "/_cluster/health", null));
        assertTrue(String.valueOf(misnamed), String.valueOf(misnamed.getMessage()).contains("localhost")
                || String.valueOf(misnamed.getCause()).contains("localhost"));
        assertFalse(Elasticsearch.connect(connection(secured("localhost"), USER, PASSWORD, "", true, false)).ok("GET", "/_cluster/health", null)
                .path("cluster_name").asText().isEmpty());
        // A truststore does what a CA file does.
        Connection truststore = new Connection(URI.create(secured("127.0.0.1")), USER, PASSWORD, "", null, ca.truststore, TestCa.PASSWORD, true,
                Connection.CONNECT_TIMEOUT, Connection.REQUEST_TIMEOUT);
        assertFalse(Elasticsearch.connect(truststore).ok("GET", "/_cluster/health", null).path("cluster_name").asText().isEmpty());
    }
}
