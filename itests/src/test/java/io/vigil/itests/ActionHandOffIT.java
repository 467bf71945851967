package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * An alert's actions outlive the container: a rule fires, its webhook is being called when the container is killed
 * with SIGKILL (the in-process hand-off to the actions dies with it), and once the container is started again the
 * alert is handed to the actions again from its marker in Elasticsearch: the webhook is called again and answered, the
 * action recorded a success, the marker gone.
 */
public class ActionHandOffIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "");
    private static final int RESEND_SECONDS = 5;

    /** Webhook calls by alert id; the first of each is held until the container is dead. */
    private static final Map<String, Integer> CALLS = new ConcurrentHashMap<>();
    private static final CountDownLatch CALLED = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private static VigilInstance vigil;
    private static HttpServer receiver;

    @BeforeClass
    public static void start() throws Exception {
        Path rules = Files.createDirectories(Path.of("target/hand-off-it-rules").toAbsolutePath());
        Files.writeString(rules.resolve("handoff.yml"), """
                name: it-handoff-%1$s
                classname: ItHandOff%1$s
                schedule: 2s
                window: 2m
                query:
                  must:
                    - match: {details.marker: %1$s}
                alert:
                  severity: WARNING
                  category: handoff
                  summary: "hand-off %1$s"
                """.formatted(MARKER));
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/hook", exchange -> {
            String id = JSON.readTree(exchange.getRequestBody()).path("_id").asText();
            if (CALLS.merge(id, 1, Integer::sum) == 1) {
                CALLED.countDown();
                try {
                    RELEASE.await(120, SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        vigil = new VigilInstance("hand-off").withServicesElasticsearch();
        vigil.environment.put("VIGIL_ALERTS_RULES_DIR", rules.toString());
        vigil.environment.put("VIGIL_ALERTS_ACTIONS_RESEND_SECONDS", Integer.toString(RESEND_SECONDS));
        vigil.environment.put("VIGIL_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        vigil.environment.put("VIGIL_WEBHOOK_SELECT", "rule:ItHandOff" + MARKER);
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        RELEASE.countDown();
        VigilInstance.stop(vigil);
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    public void anAlertsActionsRunAfterTheContainerWasKilledWhileTheyRan() throws Exception {
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"probe\",\"details\":{\"marker\":\"" + MARKER + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), 200, posted.statusCode());
        assertTrue("the webhook is called", CALLED.await(90, SECONDS));
        String id = CALLS.keySet().iterator().next();
        assertEquals("handed over, not yet dealt with", id, get("/vigil-actions-pending/_doc/" + id).path("_id").asText());

        vigil.kill();
        RELEASE.countDown();
        VigilInstance.Result run = vigil.vigil("run");
        assertEquals(run.out(), 0, run.exit());

        await().atMost(120, SECONDS).until(() -> CALLS.get(id) == 2);
        await().atMost(30, SECONDS).until(() -> !get("/vigil-actions-pending/_doc/" + id).path("found").asBoolean(true));
        JsonNode records = get("/actions-*/_search?q=alert.id.keyword:%22" + id + "%22").path("hits").path("hits");
        assertEquals(records.toString(), 1, records.size());
        assertEquals("success", records.get(0).at("/_source/outcome").asText());
        assertEquals(List.of(id), List.copyOf(CALLS.keySet()));
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
