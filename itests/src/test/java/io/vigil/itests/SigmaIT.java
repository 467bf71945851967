package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Streaming Sigma detection misses no stored event: events that find the engine's queue full (one place here) are
 * read back from Elasticsearch and checked once it has room, and events stored while the container was down are
 * checked when it starts again, from its checkpoint. Each raises exactly one alert.
 */
public class SigmaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MARKER = "s" + UUID.randomUUID().toString().replace("-", "");
    private static final String RULE = UUID.randomUUID().toString();

    private static VigilInstance vigil;

    @BeforeClass
    public static void start() throws Exception {
        Path sigma = Path.of("target/sigma-it-rules").toAbsolutePath();
        Files.createDirectories(sigma);
        Files.writeString(sigma.resolve("marked.yml"), """
                title: Marked image %1$s
                id: %2$s
                level: medium
                logsource: {product: windows, category: process_creation}
                detection:
                  selection: {Image|contains: '%1$s'}
                  condition: selection
                """.formatted(MARKER, RULE));
        vigil = new VigilInstance("sigma").withServicesElasticsearch();
        vigil.environment.put("VIGIL_SIGMA_RULES_DIR", sigma.toString());
        vigil.environment.put("VIGIL_SIGMA_QUEUE_SIZE", "1");
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
    }

    /** nxlog's Windows event (its keys as nxlog sends them), one line of an NDJSON body. */
    private static String nxlog(String image) throws Exception {
        ObjectNode event = JSON.createObjectNode().put("EventID", 1).put("Channel", "Microsoft-Windows-Sysmon/Operational").put("Hostname", "ws-" + MARKER)
                .put("SourceModuleType", "im_msvistalog").put("Domain", "CORP").put("Image", image).put("Message", "Process Create");
        return JSON.writeValueAsString(event);
    }

    @Test
    public void eventsThatFindTheQueueFullAreCheckedOnceItHasRoom() throws Exception {
        int events = 200;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < events; i++) {
            body.append(nxlog("C:\\Tools\\" + MARKER + "-q" + i + ".exe")).append('\n');
        }
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/nxlog")).POST(HttpRequest.BodyPublishers.ofString(
                body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), 200, posted.statusCode());
        await().atMost(90, SECONDS).pollInterval(1, SECONDS).until(() -> alerts("-q") >= events);
        await().during(3, SECONDS).atMost(10, SECONDS).until(() -> alerts("-q") == events);
    }

    @Test
    public void eventsStoredWhileTheContainerWasDownAreCheckedWhenItStarts() throws Exception {
        assertEquals(0, vigil.vigil("stop").exit());
        // Stored but never seen by a running engine, as when a container dies between indexing and checking.
        Instant now = Instant.now();
        String time = now.atOffset(ZoneOffset.UTC).toString();
        ObjectNode stored = JSON.createObjectNode().put("receivedtimestamp", time).put("utctimestamp", time).put("hostname", "ws-" + MARKER)
                .put("summary", "Process Create");
        stored.putObject("details").put("channel", "Microsoft-Windows-Sysmon/Operational").put("eventid", 1).put("image", "C:\\Tools\\" + MARKER + "-down.exe");
        String index = "events-" + DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now);
        HttpResponse<String> written = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/" + index + "/_doc?refresh=true"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(stored.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(written.body(), 201, written.statusCode());
        VigilInstance.Result run = vigil.vigil("run");
        assertEquals(run.out(), 0, run.exit());
        await().atMost(60, SECONDS).pollInterval(1, SECONDS).until(() -> alerts("-down") == 1);
        await().during(3, SECONDS).atMost(10, SECONDS).until(() -> alerts("-down") == 1);
    }

    /** The alerts of this test's rule whose event's image contains {@code part}. */
    private static int alerts(String part) throws Exception {
        ObjectNode query = JSON.createObjectNode().put("size", 1000);
        query.putObject("query").putObject("term").put("details.sigma.id", RULE);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/alerts/_search")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query.toString())).build(), HttpResponse.BodyHandlers.ofString());
        int count = 0;
        for (JsonNode hit : JSON.readTree(answer.body()).path("hits").path("hits")) {
            if (hit.at("/_source/events/0/documentsource/details/image").asText().contains(MARKER + part)) {
                count++;
            }
        }
        return count;
    }
}
