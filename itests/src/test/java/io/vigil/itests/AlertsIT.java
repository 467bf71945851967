package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The alert engine in the distribution, end to end: events posted over HTTP raise a threshold rule's alert and the
 * absence of a heartbeat a deadman rule's, each within a schedule interval; the alert is in {@code alerts-YYYYMM}, its
 * events carry {@code alert_names}, and the same document arrives on the AMQP exchange of alerts. Rule files are
 * added, broken and fixed while the container runs. The alert actions read it from their queue on that exchange: a
 * webhook (a local HTTP server of the test's) receives it signed, and the execution is recorded in
 * {@code actions-YYYYMM}. Rules, exchange, queues and webhook are this test's own.
 */
public class AlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NAME = "vigil-alerts-it-" + UUID.randomUUID();
    private static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "");
    private static final int SCHEDULE_SECONDS = 5;

    private static final String WEBHOOK_SECRET = "it-secret-" + MARKER;
    private static final List<String[]> WEBHOOK_CALLS = new CopyOnWriteArrayList<>();

    private static VigilInstance vigil;
    private static HttpServer webhook;
    private static Connection broker;
    private static Channel channel;
    private static Path rules;
    private static Path sigma;
    private static final String SIGMA_RULE = UUID.randomUUID().toString();
    private static final String SIGMA_CORRELATION = UUID.randomUUID().toString();

    @BeforeClass
    public static void start() throws Exception {
        URI amqp = URI.create(System.getProperty("vigil.amqp.url", "amqp://127.0.0.1:5692"));
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(amqp.getHost());
        factory.setPort(amqp.getPort());
        broker = factory.newConnection("alerts-it");
        channel = broker.createChannel();
        // As Vigil's alert route declares it (MozDef's durable topic exchange), and a queue of the test's own on it.
        channel.exchangeDeclare(NAME, "topic", true);
        channel.queueDeclare(NAME + "-listener", true, false, false, null);
        channel.queueBind(NAME + "-listener", NAME, "mozdef.alert");

        rules = Path.of("target/alerts-it-rules").toAbsolutePath();
        Files.createDirectories(rules);
        try (var files = Files.list(rules)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.writeString(rules.resolve("threshold.yml"), """
                name: it-threshold-%1$s
                classname: ItThreshold%1$s
                schedule: %2$ds
                window: 2m
                query:
                  must:
                    - match: {details.marker: %1$s}
                aggregate: {field: details.sourceipaddress, threshold: 3, samples: 5}
                facets:
                  hosts: {field: hostname, format: "{key}"}
                alert:
                  severity: WARNING
                  category: bruteforce
                  tags: [it]
                  summary: "{count} failures from {value} on {facet.hosts}"
                """.formatted(MARKER, SCHEDULE_SECONDS));
        Files.writeString(rules.resolve("deadman.yml"), """
                name: it-deadman-%1$s
                classname: ItDeadman%1$s
                schedule: %2$ds
                window: 1m
                query:
                  must:
                    - match: {details.heartbeat: %1$s}
                deadman: true
                alert:
                  severity: ERROR
                  category: deadman
                  summary: "No heartbeat %1$s in a minute"
                """.formatted(MARKER, SCHEDULE_SECONDS));

        sigma = Path.of("target/alerts-it-sigma").toAbsolutePath();
        Files.createDirectories(sigma.resolve("windows"));
        try (var files = Files.walk(sigma)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        Files.writeString(sigma.resolve("windows/proc_creation_it.yml"), sigmaRule(SIGMA_RULE, "Marked process " + MARKER, ".exe"));
        Files.writeString(sigma.resolve("windows/correlation_it.yml"), """
                title: Three runs of %1$s by one user
                id: %2$s
                level: critical
                correlation:
                  type: event_count
                  rules: [marked_tool]
                  group-by: [User]
                  timespan: 10m
                  condition: {gte: 3}
                ---
                title: Marked tool %1$s
                name: marked_tool
                logsource: {product: windows, category: process_creation}
                detection:
                  selection: {Image|endswith: '\\%1$s.com'}
                  condition: selection
                """.formatted(MARKER, SIGMA_CORRELATION));

        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hook", exchange -> {
            WEBHOOK_CALLS.add(new String[] {new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("X-Vigil-Signature")});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();

        vigil = new VigilInstance("alerts").withServicesElasticsearch();
        vigil.environment.put("VIGIL_WEBHOOK_URL", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
        vigil.environment.put("VIGIL_WEBHOOK_SECRET", WEBHOOK_SECRET);
        vigil.environment.put("VIGIL_WEBHOOK_SELECT", "rule:ItThreshold" + MARKER);
        vigil.environment.put("VIGIL_ACTIONS_QUEUE", NAME + "-actions");
        vigil.environment.put("VIGIL_ALERTS_RULES_DIR", rules.toString());
        vigil.environment.put("VIGIL_SIGMA_RULES_DIR", sigma.toString());
        vigil.environment.put("VIGIL_AMQP_ENABLED", "true");
        vigil.environment.put("VIGIL_AMQP_PORT", Integer.toString(amqp.getPort()));
        // The AMQP input consumes a queue of its own, so it takes no other test's events.
        vigil.environment.put("VIGIL_AMQP_EXCHANGE", NAME + "-events");
        vigil.environment.put("VIGIL_AMQP_QUEUE", NAME + "-events");
        vigil.environment.put("VIGIL_AMQP_ROUTING_KEY", NAME + "-events");
        vigil.environment.put("VIGIL_AMQP_ALERT_EXCHANGE", NAME);
        vigil.environment.put("VIGIL_AMQP_ALERT_QUEUE", NAME + "-vigil");
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
        if (webhook != null) {
            webhook.stop(0);
        }
        if (channel != null) {
            for (String queue : new String[] {NAME + "-listener", NAME + "-vigil", NAME + "-events", NAME + "-actions"}) {
                channel.queueDelete(queue);
            }
            channel.exchangeDelete(NAME);
            channel.exchangeDelete(NAME + "-events");
            broker.close();
        }
    }

    @Test
    public void eventsOverHttpRaiseAThresholdAlertStoredTaggedAndPublished() throws Exception {
        String address = "10.66.77.88";
        // The alert actions' queue is bound once their route runs; an alert published before would pass them by.
        await().atMost(60, SECONDS).until(() -> {
            try (Channel probe = broker.createChannel()) {
                probe.queueDeclarePassive(NAME + "-actions");
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        long posted = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            post("{\"summary\":\"failed login " + i + "\",\"hostname\":\"web7\",\"details\":{\"marker\":\"" + MARKER
                    + "\",\"sourceipaddress\":\"" + address + "\"}}");
        }
        JsonNode alert = awaitAlert("ItThreshold" + MARKER, SCHEDULE_SECONDS + 30);
        long latency = System.currentTimeMillis() - posted;
        JsonNode source = alert.path("_source");
        assertEquals("3 failures from " + address + " on web7", source.path("summary").asText());
        assertEquals("WARNING", source.path("severity").asText());
        assertEquals("bruteforce", source.path("category").asText());
        assertEquals("[\"it\"]", source.path("tags").toString());
        assertTrue(source.path("notify_mozdefbot").asBoolean());
        assertEquals("manual", source.path("status").asText());
        assertEquals(3, source.path("events").size());
        String month = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC).format(Instant.now());
        assertEquals("alerts-" + month, alert.path("_index").asText());
        assertTrue("alert raised " + latency + " ms after the events, more than a schedule interval and indexing",
                latency < (SCHEDULE_SECONDS + 15) * 1000L);

        // Stored first, then its events are tagged (and only then published).
        await().atMost(30, SECONDS).untilAsserted(() -> {
            for (JsonNode reference : source.path("events")) {
                JsonNode event = get("/" + reference.path("documentindex").asText() + "/_doc/" + reference.path("documentid").asText()).path("_source");
                assertEquals("[\"ItThreshold" + MARKER + "\"]", event.path("alert_names").toString());
                assertEquals(alert.path("_id").asText(), event.path("alerts").path(0).path("id").asText());
            }
        });

        JsonNode published = awaitPublished("ItThreshold" + MARKER);
        assertEquals(alert.path("_id").asText(), published.path("_id").asText());
        assertEquals(alert.path("_index").asText(), published.path("_index").asText());
        assertEquals(source.path("summary"), published.path("_source").path("summary"));

        // The webhook action got it from its queue, signed, and its execution is recorded.
        await().atMost(30, SECONDS).until(() -> !WEBHOOK_CALLS.isEmpty());
        String[] call = WEBHOOK_CALLS.get(0);
        assertEquals(alert.path("_id").asText(), JSON.readTree(call[0]).path("_id").asText());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals("sha256=" + HexFormat.of().formatHex(mac.doFinal(call[0].getBytes(StandardCharsets.UTF_8))), call[1]);
        await().atMost(30, SECONDS).until(() -> get("/actions-" + month + "/_search?q=alert.id.keyword:%22" + alert.path("_id").asText() + "%22").path("hits")
                .path("total").path("value").asInt() == 1);
        JsonNode record = get("/actions-" + month + "/_search?q=alert.id.keyword:%22" + alert.path("_id").asText() + "%22").at("/hits/hits/0/_source");
        assertEquals("webhook", record.path("action").asText());
        assertEquals("success", record.path("outcome").asText());
        assertEquals(1, record.path("attempts").asInt());

        // The events are tagged: two more runs of the rule over them raise nothing new.
        Instant raised = Instant.parse(source.path("utctimestamp").asText().replace("+00:00", "Z"));
        await().atMost(SCHEDULE_SECONDS * 3 + 30, SECONDS).until(() -> {
            JsonNode state = get("/vigil-alert-state/_doc/it-threshold-" + MARKER).path("_source");
            return state.has("lastCovered") && Instant.parse(state.path("lastCovered").asText()).isAfter(raised.plusSeconds(2L * SCHEDULE_SECONDS));
        });
        assertEquals(1, alerts("ItThreshold" + MARKER).size());
    }

    @Test
    public void aMissingHeartbeatRaisesTheDeadmanAlert() throws Exception {
        JsonNode alert = awaitAlert("ItDeadman" + MARKER, SCHEDULE_SECONDS + 30);
        assertEquals("No heartbeat " + MARKER + " in a minute", alert.path("_source").path("summary").asText());
        assertEquals("ERROR", alert.path("_source").path("severity").asText());
        assertEquals(0, alert.path("_source").path("events").size());
    }

    /**
     * A Sigma rule in the rules folder checks every event as it is stored: a Sysmon process creation posted over HTTP
     * raises its alert within seconds, carrying the rule's id, author and references and the event; an event of
     * another logsource or one the rule's filter excludes raises none, and each event raises at most one alert.
     */
    @Test
    public void aSigmaRuleRaisesAnAlertForEachMatchingEventAsItIsStored() throws Exception {
        String image = "C:\\Temp\\" + MARKER + ".exe";
        long posted = System.currentTimeMillis();
        postSysmon(1, image, "run it");
        postSysmon(11, image, "run it");
        postSysmon(1, image, "harmless run");
        await().atMost(30, SECONDS).pollInterval(100, java.util.concurrent.TimeUnit.MILLISECONDS).until(() -> sigmaAlerts(SIGMA_RULE).size() > 0);
        long latency = System.currentTimeMillis() - posted;
        JsonNode source = sigmaAlerts(SIGMA_RULE).get(0).path("_source");
        assertEquals("Sigma: Marked process " + MARKER + " on ws-" + MARKER, source.path("summary").asText());
        assertEquals("ERROR", source.path("severity").asText());
        assertEquals("sigma", source.path("category").asText());
        assertEquals("[\"sigma\",\"attack.execution\",\"attack.t1059\"]", source.path("tags").toString());
        assertEquals("Vigil's tests", source.at("/details/sigma/author").asText());
        assertEquals("https://example.org/vigil-it", source.at("/details/sigma/references/0").asText());
        JsonNode reference = source.path("events").path(0);
        JsonNode stored = get("/" + reference.path("documentindex").asText() + "/_doc/" + reference.path("documentid").asText()).path("_source");
        assertEquals(image, stored.at("/details/image").asText());
        assertEquals("run it", stored.at("/details/commandline").asText());
        assertTrue("alert " + latency + " ms after the event was posted", latency < 10_000);
        // The other two events were stored as well, and raised nothing.
        await().atMost(30, SECONDS).until(() -> count("events", "details.image", image) == 3);
        await().during(3, SECONDS).atMost(10, SECONDS).until(() -> sigmaAlerts(SIGMA_RULE).size() == 1);
    }

    /**
     * A Sigma correlation rule counts the matches of the rule it names per user: the third run within ten minutes raises
     * one alert carrying the three events; the named rule raises none of its own; another user's runs count apart.
     */
    @Test
    public void aSigmaCorrelationRaisesOneAlertWhenItsConditionHolds() throws Exception {
        String image = "C:\\Temp\\" + MARKER + ".com";
        postSysmon(1, image, "one", "carol");
        postSysmon(1, image, "two", "carol");
        postSysmon(1, image, "three", "dave");
        postSysmon(1, image, "four", "carol");
        await().atMost(30, SECONDS).pollInterval(250, java.util.concurrent.TimeUnit.MILLISECONDS).until(() -> sigmaAlerts(SIGMA_CORRELATION).size() > 0);
        JsonNode source = sigmaAlerts(SIGMA_CORRELATION).get(0).path("_source");
        assertEquals("Sigma correlation: Three runs of " + MARKER + " by one user (3 events, User=carol)", source.path("summary").asText());
        assertEquals("CRITICAL", source.path("severity").asText());
        assertEquals(3, source.path("events").size());
        assertEquals("event_count", source.at("/details/sigma/type").asText());
        await().during(3, SECONDS).atMost(10, SECONDS).until(() -> sigmaAlerts(SIGMA_CORRELATION).size() == 1);
        // The rule the correlation names raises nothing of its own (the same query finds the correlation's).
        assertEquals(1, count("alerts", "details.sigma.title", "Three runs of " + MARKER + " by one user"));
        assertEquals(0, count("alerts", "details.sigma.title", "Marked tool " + MARKER));
    }

    /** A Sigma rule file added while Vigil runs is loaded by itself; a broken one beside it is refused and changes nothing. */
    @Test
    public void sigmaRuleFilesAreLoadedAsTheyArrive() throws Exception {
        String added = UUID.randomUUID().toString();
        Files.writeString(sigma.resolve("windows/broken.yml"), "title: broken\nlogsource: {product: windows}\ndetection:\n  s: {Image|sortof: x}\n  condition: s\n");
        Files.writeString(sigma.resolve("added.yml"), sigmaRule(added, "Added " + MARKER, ".scr"));
        String image = "C:\\Users\\Public\\" + MARKER + ".scr";
        await().atMost(60, SECONDS).pollInterval(2, SECONDS).until(() -> {
            postSysmon(1, image, "screen saver");
            return sigmaAlerts(added).size() > 0;
        });
        assertEquals("Sigma: Added " + MARKER + " on ws-" + MARKER, sigmaAlerts(added).get(0).path("_source").path("summary").asText());
    }

    @Test
    public void aBrokenRuleFileIsRefusedWithItsLineAndTheOtherRulesKeepRunning() throws Exception {
        String name = "it-added-" + MARKER;
        Files.writeString(rules.resolve("added.yml"), """
                name: %s
                schedule: %ds
                window: 1m
                query:
                  must:
                    - mtach: {details.marker: x}
                alert: {summary: never}
                """.formatted(name, SCHEDULE_SECONDS));
        Path log = vigil.var.resolve("karaf/data/log/karaf.log");
        await().atMost(30, SECONDS).until(() -> Files.readString(log).contains("added.yml:1: rule '" + name + "': query.must[0]: unknown clause 'mtach'"));

        Files.writeString(rules.resolve("added.yml"), Files.readString(rules.resolve("added.yml")).replace("mtach", "match"));
        // Fixed, it runs: its last covered time appears in the engine's state index.
        await().atMost(SCHEDULE_SECONDS + 30, SECONDS).until(() -> get("/vigil-alert-state/_doc/" + name).path("found").asBoolean());
        awaitAlert("ItDeadman" + MARKER, 5);
    }

    /** A Sigma rule for Sysmon process creations of an image named for this test run. */
    private static String sigmaRule(String id, String title, String suffix) {
        return """
                title: %s
                id: %s
                status: test
                level: high
                author: Vigil's tests
                references: [https://example.org/vigil-it]
                tags: [attack.execution, attack.t1059]
                logsource: {product: windows, category: process_creation}
                detection:
                  selection:
                    Image|endswith: '\\%s%s'
                  filter:
                    CommandLine|contains: harmless
                  condition: selection and not filter
                """.formatted(title, id, MARKER, suffix);
    }

    /** A Sysmon event as evtx converters write it ({"Event":{"System":…,"EventData":…}}), posted to /events. */
    private static void postSysmon(int eventId, String image, String commandLine) throws Exception {
        postSysmon(eventId, image, commandLine, "alice");
    }

    private static void postSysmon(int eventId, String image, String commandLine, String user) throws Exception {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode windows = event.putObject("Event");
        ObjectNode system = windows.putObject("System");
        system.putObject("Provider").putObject("#attributes").put("Name", "Microsoft-Windows-Sysmon");
        system.put("EventID", eventId).put("Channel", "Microsoft-Windows-Sysmon/Operational").put("Computer", "ws-" + MARKER);
        system.putObject("TimeCreated").putObject("#attributes").put("SystemTime", Instant.now().toString());
        windows.putObject("EventData").put("Image", image).put("CommandLine", commandLine).put("User", user);
        post(event.toString());
    }

    /** How many documents of {@code index} have {@code value} in the keyword field {@code field}. */
    private static int count(String index, String field, String value) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/" + index + "/_count"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .set("query", JSON.createObjectNode().set("term", JSON.createObjectNode().put(field, value))).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("count").asInt();
    }

    private static JsonNode sigmaAlerts(String ruleId) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/alerts/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"size\":100,\"query\":{\"term\":{\"details.sigma.id\":\"" + ruleId + "\"}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("hits").path("hits");
    }

    private static void post(String event) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 200, answer.statusCode());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    private static JsonNode alerts(String classname) throws Exception {
        return get("/alerts/_search?q=classname:" + classname).path("hits").path("hits");
    }

    private static JsonNode awaitAlert(String classname, int seconds) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(seconds, SECONDS).pollInterval(250, java.util.concurrent.TimeUnit.MILLISECONDS).until(() -> {
            JsonNode hits = alerts(classname);
            found[0] = hits.size() > 0 ? hits.get(0) : null;
            return found[0] != null;
        });
        return found[0];
    }

    private static JsonNode awaitPublished(String classname) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(30, SECONDS).until(() -> {
            GetResponse message;
            while ((message = channel.basicGet(NAME + "-listener", true)) != null) {
                JsonNode body = JSON.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
                if (classname.equals(body.path("_source").path("classname").asText())) {
                    found[0] = body;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }
}
