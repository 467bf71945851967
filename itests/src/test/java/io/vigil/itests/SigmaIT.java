package io.vigil.itests;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
    private static final String CORRELATION = UUID.randomUUID().toString();
    /** A rule whose alert on an event sent after another shows that the other was checked. */
    private static final String FENCE = UUID.randomUUID().toString();

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
        Files.writeString(sigma.resolve("fence.yml"), """
                title: Fence %1$s
                id: %2$s
                level: low
                logsource: {product: windows, category: process_creation}
                detection:
                  selection: {Image|endswith: '-fence.exe'}
                  condition: selection
                """.formatted(MARKER, FENCE));
        Files.writeString(sigma.resolve("correlated.yml"), """
                title: Correlated image %1$s
                name: correlated_%1$s
                logsource: {product: windows, category: process_creation}
                detection:
                  selection: {Image|contains: '%1$s-corr'}
                  condition: selection
                ---
                title: Three correlated images on one host
                id: %2$s
                level: high
                correlation: {type: event_count, rules: [correlated_%1$s], group-by: [Computer], timespan: 1h, condition: {gte: 3}}
                """.formatted(MARKER, CORRELATION));
        vigil = new VigilInstance("sigma").withServicesElasticsearch();
        vigil.environment.put("VIGIL_SIGMA_RULES_DIR", sigma.toString());
        vigil.environment.put("VIGIL_SIGMA_QUEUE_SIZE", "1");
        vigil.environment.put("VIGIL_ADMIN_PASSWORD", "admin-" + MARKER);
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
    }

    /** nxlog's Windows event (its keys as nxlog sends them), one line of an NDJSON body. */
    private static String nxlog(String image) throws Exception {
        return nxlog(image, "ws-" + MARKER);
    }

    private static String nxlog(String image, String host) throws Exception {
        ObjectNode event = JSON.createObjectNode().put("EventID", 1).put("Channel", "Microsoft-Windows-Sysmon/Operational").put("Hostname", host)
                .put("SourceModuleType", "im_msvistalog").put("Domain", "CORP").put("Image", image).put("Message", "Process Create");
        return JSON.writeValueAsString(event);
    }

    /**
     * A Sysmon process creation as winlogbeat 8 sends it (ECS, its Elasticsearch output posting to Vigil's _bulk):
     * laid out as nxlog's, the Windows mapping finds its fields and the rule raises its alert.
     */
    @Test
    public void winlogbeatsWindowsEventsThroughTheBulkEndpointRaiseAlerts() throws Exception {
        ObjectNode event = JSON.createObjectNode().put("@timestamp", Instant.now().toString()).put("message", "Process Create:");
        event.putObject("host").put("name", "ws-" + MARKER + "-wlb");
        event.putObject("event").put("code", "1").put("provider", "Microsoft-Windows-Sysmon").put("kind", "event");
        ObjectNode winlog = event.putObject("winlog").put("channel", "Microsoft-Windows-Sysmon/Operational").put("event_id", "1")
                .put("computer_name", "ws-" + MARKER + "-wlb.corp.example.com").put("provider_name", "Microsoft-Windows-Sysmon").put("record_id", 42);
        winlog.putObject("event_data").put("Image", "C:\\Tools\\" + MARKER + "-wlb.exe").put("CommandLine", MARKER + "-wlb.exe /all");
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/_bulk")).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("{\"create\":{\"_index\":\"winlogbeat-8.17.0\"}}\n" + event + "\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), 200, posted.statusCode());
        assertEquals(posted.body(), false, JSON.readTree(posted.body()).path("errors").asBoolean(true));
        await().atMost(30, SECONDS).pollInterval(500, MILLISECONDS).until(() -> alerts("-wlb") == 1);
    }

    @Test
    public void eventsThatFindTheQueueFullAreCheckedOnceItHasRoom() throws Exception {
        int events = 200;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < events; i++) {
            // each from a host of its own: the rule's throttle (ten alerts per host and ten minutes) is not what is tested here
            body.append(nxlog("C:\\Tools\\" + MARKER + "-q" + i + ".exe", "ws-" + MARKER + "-" + i)).append('\n');
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

    /**
     * A noisy rule raises at most ten alerts per host in ten minutes of event time (the default throttle); the matches
     * beyond are counted, and another host's match is still raised.
     */
    @Test
    public void aNoisyRuleIsThrottledPerHost() throws Exception {
        Instant period = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.MINUTES);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            body.append(stored("ws-" + MARKER + "-noisy", "C:\\Tools\\" + MARKER + "-t" + i + ".exe", period.plusSeconds(i))).append('\n');
        }
        body.append(stored("ws-" + MARKER + "-quiet", "C:\\Tools\\" + MARKER + "-t-other.exe", period)).append('\n');
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events")).POST(HttpRequest.BodyPublishers.ofString(
                body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), 200, posted.statusCode());
        await().atMost(60, SECONDS).pollInterval(1, SECONDS).until(() -> alerts("-t") >= 11);
        await().during(3, SECONDS).atMost(10, SECONDS).until(() -> alerts("-t") == 11);
        assertEquals(1, alerts("-t-other"));
    }

    /**
     * {@code ./vigil rule-test} over a folder of Sigma rules not deployed: each rule as a query through its mapping,
     * each event found checked by the engine; the matches shown, nothing written.
     */
    @Test
    public void ruleTestShowsWhatSigmaRulesWouldHaveMatchedInHistory() throws Exception {
        Path candidates = Files.createDirectories(Path.of("target/sigma-it-backtest").toAbsolutePath());
        String rule = """
                title: Backtest %s
                id: %s
                level: low
                logsource: {product: windows, category: process_creation}
                detection:
                  selection: {Image%s: '%s'}
                  condition: selection
                """;
        String wildcard = UUID.randomUUID().toString();
        Files.writeString(candidates.resolve("exact.yml"), rule.formatted("wildcard", wildcard, "|endswith", MARKER + "-bt.exe"));
        Files.writeString(candidates.resolve("twice.yml"), """
                title: Backtest correlation
                id: %s
                correlation: {type: event_count, rules: [%s], group-by: [Computer], timespan: 1h, condition: {gte: 2}}
                """.formatted(UUID.randomUUID(), wildcard));
        Files.writeString(candidates.resolve("regex.yml"), rule.formatted("regex", UUID.randomUUID(), "|re", ".*" + MARKER + "-b[t]\\.exe$"));
        Files.writeString(candidates.resolve("none.yml"), rule.formatted("none", UUID.randomUUID(), "", "C:\\nothing-" + MARKER + ".exe"));
        post(nxlog("C:\\Tools\\" + MARKER + "-bt.exe") + "\n" + nxlog("C:\\Other\\" + MARKER + "-bt.exe") + "\n"
                + nxlog("C:\\Tools\\" + MARKER + "-bt.exe.old") + "\n");
        await().atMost(30, SECONDS).pollInterval(1, SECONDS).until(() -> {
            HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events-*/_count?q=summary:%22Process%20Create%22%20AND%20hostname:ws-"
                    + MARKER)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(found.body()).path("count").asInt() >= 3;
        });
        VigilInstance.Result test = vigil.vigil("rule-test", candidates.toString(), "--from", "2h");
        assertEquals(test.out(), 0, test.exit());
        // the wildcard query finds just those two; the regular expression's, every event with an image
        assertTrue(test.out(), test.out().matches("(?s).*Backtest wildcard \\(.*\\): 2 events matched, of 2 the query found.*"));
        assertTrue(test.out(), test.out().matches("(?s).*Backtest regex \\(.*\\): 2 events matched, of \\d+ the query found \\(a narrowing query\\).*"));
        assertTrue(test.out(), !test.out().contains("Backtest none"));
        assertTrue(test.out(), test.out().contains("rule-test: 3 Sigma rules over the events from "));
        // the wildcard rule's two events, on one host within the hour, make the correlation fire once
        assertTrue(test.out(), test.out().matches("(?s).*Backtest correlation \\(.*, correlation event_count\\): fired 1 time\n.*group \\[ws-" + MARKER
                + "\\]: 2 events.*"));
        assertTrue(test.out(), test.out().contains(": 4 matched by 2 rules, 1 correlation firings (nothing was written)"));
    }

    /** A Sysmon process creation in MozDef's own shape, as a shipper posts it to /events. */
    private static String stored(String host, String image, Instant time) {
        ObjectNode event = JSON.createObjectNode().put("utctimestamp", time.toString()).put("hostname", host).put("summary", "Process Create");
        event.putObject("details").put("channel", "Microsoft-Windows-Sysmon/Operational").put("eventid", 1).put("image", image);
        return event.toString();
    }

    /**
     * A correlation's window survives the container's death (SIGKILL, two of its three events counted): it is saved
     * in Elasticsearch before the checkpoint moves, comes back at start, and the events read back after the checkpoint
     * count once; the third event makes one alert with the three events, and the window starts again.
     */
    @Test
    public void aCorrelationFiresOnceAcrossAContainerKill() throws Exception {
        post(nxlog("C:\\Tools\\" + MARKER + "-corr1.exe") + "\n" + nxlog("C:\\Tools\\" + MARKER + "-corr2.exe") + "\n");
        await().atMost(60, SECONDS).pollInterval(1, SECONDS).until(() -> savedWindowEvents() == 2);
        long pid = JSON.readTree(vigil.vigil("status", "--json").out()).at("/karaf/pid").asLong();
        new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start().waitFor();
        await().atMost(30, SECONDS).until(() -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
        VigilInstance.Result run = vigil.vigil("run");
        assertEquals(run.out(), 0, run.exit());
        post(nxlog("C:\\Tools\\" + MARKER + "-corr3.exe") + "\n");
        await().atMost(60, SECONDS).pollInterval(1, SECONDS).until(() -> correlationAlerts().size() == 1);
        post(nxlog("C:\\Tools\\" + MARKER + "-corr4.exe") + "\n" + nxlog("C:\\Tools\\" + MARKER + "-corr5.exe") + "\n");
        await().atMost(60, SECONDS).pollInterval(1, SECONDS).until(() -> savedWindowEvents() == 2);
        await().during(3, SECONDS).atMost(10, SECONDS).until(() -> correlationAlerts().size() == 1);
        List<String> images = new ArrayList<>();
        correlationAlerts().get(0).path("events").forEach(event -> images.add(event.at("/documentsource/details/image").asText()));
        assertEquals(List.of("-corr1.exe", "-corr2.exe", "-corr3.exe"), images.stream().map(image -> image.substring(image.indexOf("-corr"))).sorted().toList());
    }

    /**
     * An administrator switches a rule off by its id (a reason required) and on again through the REST API, with no
     * file touched: while off, an event it would match raises nothing (a rule still on raising its alert on an event
     * sent after shows the first was checked); on again, the next one raises its alert. Targets that name nothing are
     * refused.
     */
    @Test
    public void anAdministratorSwitchesARuleOffAndOnWithoutTouchingItsFile() throws Exception {
        assertEquals(400, switchRules("{\"target\":\"" + RULE + "\",\"enabled\":false}").statusCode());
        HttpResponse<String> nothing = switchRules("{\"target\":\"nowhere/**\",\"enabled\":false,\"reason\":\"x\"}");
        assertEquals(400, nothing.statusCode());
        assertTrue(nothing.body(), nothing.body().contains("names no rule"));
        HttpResponse<String> off = switchRules("{\"target\":\"" + RULE + "\",\"enabled\":false,\"reason\":\"noisy on build hosts\"}");
        assertEquals(off.body(), 200, off.statusCode());
        assertEquals("disabled", JSON.readTree(off.body()).at("/rules/0/state").asText());
        try {
            post(nxlog("C:\\Tools\\" + MARKER + "-sw.exe", "ws-" + MARKER + "-switch") + "\n");
            String fence = "C:\\Tools\\" + MARKER + "-sw-fence.exe";
            post(nxlog(fence, "ws-" + MARKER + "-switch") + "\n");
            await().atMost(30, SECONDS).pollInterval(500, MILLISECONDS).until(() -> alertsOn(FENCE, fence) == 1);
            assertEquals(0, alerts("-sw"));
            JsonNode listed = JSON.readTree(rest("GET", "/api/rules", null).body()).path("sigma");
            assertEquals("noisy on build hosts", listed.at("/switches/0/reason").asText());
            assertEquals("admin", listed.at("/switches/0/by").asText());
        } finally {
            HttpResponse<String> on = switchRules("{\"target\":\"" + RULE + "\",\"enabled\":null}");
            assertEquals(on.body(), 200, on.statusCode());
            assertEquals("runs", JSON.readTree(on.body()).at("/rules/0/state").asText());
        }
        post(nxlog("C:\\Tools\\" + MARKER + "-on.exe", "ws-" + MARKER + "-on") + "\n");
        await().atMost(30, SECONDS).pollInterval(500, MILLISECONDS).until(() -> alerts("-on") == 1);
    }

    private static HttpResponse<String> switchRules(String body) throws Exception {
        return rest("POST", "/api/rules/sigma/switches", body);
    }

    private static HttpResponse<String> rest(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vigil.environment.get("VIGIL_REST_PORT") + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:admin-" + MARKER).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void post(String ndjson) throws Exception {
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/nxlog")).POST(HttpRequest.BodyPublishers.ofString(
                ndjson)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), 200, posted.statusCode());
    }

    /** How many matches the correlation's saved window holds (its one group: every event here is from one host). */
    private static int savedWindowEvents() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/vigil-sigma-windows/_search?q=correlation:" + CORRELATION))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode hits = JSON.readTree(answer.body()).path("hits").path("hits");
        return hits.size() == 1 ? hits.get(0).at("/_source/window/entries").size() : -1;
    }

    private static List<JsonNode> correlationAlerts() throws Exception {
        ObjectNode query = JSON.createObjectNode().put("size", 100);
        query.putObject("query").putObject("term").put("details.sigma.id", CORRELATION);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/alerts/_search")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query.toString())).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(answer.body()).path("hits").path("hits").forEach(hit -> alerts.add(hit.path("_source")));
        return alerts;
    }

    /**
     * A rule pack is a bundle with Sigma rules under META-INF/vigil/sigma (Vigil's example pack here): dropped into
     * deploy/ its rules run, removed they stop, while the rules folder's keep running.
     */
    @Test
    public void aRulePackBringsItsRulesWithItsBundleAndTakesThemAway() throws Exception {
        String packRule = "7d0a4a2e-5b1f-4f0e-9a57-3c6f1f8b2e10";
        Path pack = Path.of(System.getProperty("vigil.example.sigma"));
        Path deployed = vigil.var.resolve("karaf/deploy").resolve(pack.getFileName());
        Files.copy(pack, deployed, StandardCopyOption.REPLACE_EXISTING);
        try {
            await().atMost(90, SECONDS).pollInterval(2, SECONDS).until(() -> alertsOn(packRule, postPackEvent("in")) + alertsOn(packRule, null) > 0);
        } finally {
            Files.delete(deployed);
        }
        // Gone once an event that the folder's rule raised an alert on raised none of the pack's.
        await().atMost(90, SECONDS).pollInterval(2, SECONDS).until(() -> {
            String image = postPackEvent("out");
            await().atMost(30, SECONDS).pollInterval(500, java.util.concurrent.TimeUnit.MILLISECONDS).until(() -> alertsOn(RULE, image) == 1);
            return alertsOn(packRule, image) == 0;
        });
    }

    private static int packEvents;

    /** Posts a run of the pack's made-up program, from a host of its own; @return its image. */
    private static String postPackEvent(String tag) throws Exception {
        int n = packEvents++;
        String image = "C:\\Tools\\" + MARKER + "-" + tag + n + "\\vigil-pack-example.exe";
        post(nxlog(image, "ws-" + MARKER + "-pack" + n) + "\n");
        return image;
    }

    /** How many alerts of a rule are on the event with this image ({@code null}: on any of this test's events). */
    private static int alertsOn(String rule, String image) throws Exception {
        ObjectNode query = JSON.createObjectNode().put("size", 1000);
        query.putObject("query").putObject("term").put("details.sigma.id", rule);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/alerts/_search")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query.toString())).build(), HttpResponse.BodyHandlers.ofString());
        int count = 0;
        for (JsonNode hit : JSON.readTree(answer.body()).path("hits").path("hits")) {
            String found = hit.at("/_source/events/0/documentsource/details/image").asText();
            count += image == null ? (found.contains(MARKER) ? 1 : 0) : (found.equals(image) ? 1 : 0);
        }
        return count;
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
