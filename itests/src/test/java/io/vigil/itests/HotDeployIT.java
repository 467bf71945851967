package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A plugin bundle dropped into {@code deploy/} and removed again while events keep flowing: every event is
 * indexed exactly once, and the events the plugin changed are one unbroken run in the middle of the stream.
 */
public class HotDeployIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int EVENTS = 4000;
    private static final int BATCH = 20;
    private static VigilInstance vigil;

    @BeforeClass
    public static void startVigil() throws Exception {
        vigil = new VigilInstance("hotdeploy").withServicesElasticsearch().start();
    }

    @AfterClass
    public static void stopVigil() throws Exception {
        VigilInstance.stop(vigil);
    }

    @Test
    public void aPluginComesAndGoesUnderLoadWithoutLosingOrDuplicatingAnEvent() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Thread load = new Thread(() -> {
            for (int next = 0; next < EVENTS; next += BATCH) {
                StringBuilder body = new StringBuilder();
                for (int seq = next; seq < next + BATCH; seq++) {
                    body.append("{\"summary\":\"").append(marker).append("\",\"details\":{\"seq\":").append(seq).append("}}\n");
                }
                try {
                    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        acked.addAndGet(BATCH);
                    } else {
                        refused.incrementAndGet();
                    }
                } catch (Exception e) {
                    refused.incrementAndGet();
                }
                LockSupport.parkNanos(Duration.ofMillis(60).toNanos());
            }
        }, "load");
        load.start();

        Path plugin = Path.of(System.getProperty("vigil.example.plugin"));
        Path deployed = vigil.var.resolve("karaf/deploy").resolve(plugin.getFileName());
        await().atMost(60, SECONDS).until(() -> acked.get() >= 800);
        Files.copy(plugin, deployed);
        await().atMost(60, SECONDS).until(() -> count(marker + " AND tags:\"example-plugin\"") > 0);
        int deployedAt = acked.get();
        await().atMost(60, SECONDS).until(() -> acked.get() >= deployedAt + 600);
        Files.delete(deployed);
        load.join();

        assertEquals("requests refused", 0, refused.get());
        assertEquals(EVENTS, acked.get());
        await().atMost(30, SECONDS).until(() -> count(marker), found -> found == EVENTS);
        BitSet tagged = new BitSet();
        for (JsonNode hit : search(marker + " AND tags:\"example-plugin\"")) {
            tagged.set(hit.at("/_source/details/seq").asInt());
        }
        int first = tagged.nextSetBit(0);
        int last = tagged.length() - 1;
        assertTrue("the plugin changed events from the start: " + first, first > 0);
        assertTrue("the plugin still changed events at the end: " + last, last < EVENTS - 1);
        assertEquals("changed events are not one run from " + first + " to " + last, last - first + 1, tagged.cardinality());
    }

    private static int count(String query) throws Exception {
        HttpResponse<String> counted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events-2*/_count?q="
                + URLEncoder.encode("summary:" + query, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(counted.body()).path("count").asInt();
    }

    private static JsonNode search(String query) throws Exception {
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events-2*/_search?size=10000&_source=details.seq&q="
                + URLEncoder.encode("summary:" + query, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(found.body()).path("hits").path("hits");
    }
}
