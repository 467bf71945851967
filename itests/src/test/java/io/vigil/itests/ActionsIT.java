package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The alert actions in the distribution, end to end, from rules that fire on events posted over HTTP: the e-mail
 * reaches a real SMTP server (GreenMail); the block action lists the alert's address at the published block list URL
 * until it expires, and refuses a private one; a webhook whose endpoint answers 503 is tried the configured number of
 * times, then recorded failed; a burst of 100 alerts of one rule becomes the configured number of mails, the rest
 * recorded as throttled. Rules, recipients and addresses are this test's own.
 */
public class ActionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "");
    private static final int SCHEDULE_SECONDS = 3;
    private static final int BLOCK_SECONDS = 20;
    private static final int ATTEMPTS = 3;
    private static final int MAILS_PER_RULE = 5;
    private static final String MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC).format(Instant.now());

    /** Calls of the failing endpoint, by the alert id in their body. */
    private static final Map<String, Integer> FAILING_CALLS = new ConcurrentHashMap<>();

    private static VigilInstance vigil;
    private static GreenMail mail;
    private static HttpServer failing;

    @BeforeClass
    public static void start() throws Exception {
        Path rules = Path.of("target/actions-it-rules").toAbsolutePath();
        Files.createDirectories(rules);
        try (var files = Files.list(rules)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        // One alert per event (no aggregate), as MozDef's per-event alerts.
        for (String rule : new String[] {"Scan", "Burst"}) {
            Files.writeString(rules.resolve(rule.toLowerCase() + ".yml"), """
                    name: it-%1$s-%2$s
                    classname: It%1$s%2$s
                    schedule: %3$ds
                    window: 2m
                    query:
                      must:
                        - match: {details.marker: %2$s-%1$s}
                    alert:
                      severity: WARNING
                      category: %1$s
                      summary: "%1$s from {event.details.sourceipaddress}"
                    """.formatted(rule, MARKER, SCHEDULE_SECONDS));
        }

        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        failing.createContext("/down", exchange -> {
            FAILING_CALLS.merge(JSON.readTree(exchange.getRequestBody()).path("_id").asText(), 1, Integer::sum);
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        failing.start();

        vigil = new VigilInstance("actions").withServicesElasticsearch();
        vigil.environment.put("VIGIL_ALERTS_RULES_DIR", rules.toString());
        vigil.environment.put("VIGIL_ACTIONS_ATTEMPTS", Integer.toString(ATTEMPTS));
        vigil.environment.put("VIGIL_ACTIONS_BACKOFF_MILLIS", "200");
        vigil.environment.put("VIGIL_EMAIL_HOST", "127.0.0.1");
        vigil.environment.put("VIGIL_EMAIL_PORT", Integer.toString(mail.getSmtp().getPort()));
        vigil.environment.put("VIGIL_EMAIL_SECURITY", "none");
        vigil.environment.put("VIGIL_EMAIL_TO", "soc-" + MARKER + "@example.org");
        vigil.environment.put("VIGIL_EMAIL_SELECT", "rule:ItScan" + MARKER + ",rule:ItBurst" + MARKER);
        vigil.environment.put("VIGIL_EMAIL_THROTTLE_COUNT", Integer.toString(MAILS_PER_RULE));
        vigil.environment.put("VIGIL_BLOCK_SELECT", "rule:ItScan" + MARKER);
        vigil.environment.put("VIGIL_BLOCK_DURATION", BLOCK_SECONDS + "s");
        vigil.environment.put("VIGIL_WEBHOOK_URL", "http://127.0.0.1:" + failing.getAddress().getPort() + "/down");
        vigil.environment.put("VIGIL_WEBHOOK_SELECT", "rule:ItScan" + MARKER);
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
        if (mail != null) {
            mail.stop();
        }
        if (failing != null) {
            failing.stop(0);
        }
    }

    @Test
    public void aRuleFiresAndItsAlertIsMailedBlockedUntilExpiryAndRetriedWhereTheEndpointFails() throws Exception {
        String address = "203.0.113." + (1 + (int) (Math.random() * 250));
        post("Scan", address);
        JsonNode alert = awaitAlerts("classname:ItScan" + MARKER + "+AND+summary:%22" + address + "%22", 1).get(0);
        String id = alert.path("_id").asText();

        await().atMost(30, SECONDS).until(() -> mails("Scan from " + address).length == 1);
        MimeMessage message = mails("Scan from " + address)[0];
        assertEquals("[Vigil] [WARNING] Scan from " + address, message.getSubject());
        assertEquals(id, message.getHeader("X-Vigil-Alert")[0]);

        // Listed at once (the write waits for a refresh), with the alert as its reference.
        await().atMost(30, SECONDS).until(() -> Arrays.asList(published("ip.txt").body().split("\n")).contains(address));
        JsonNode listed = null;
        for (JsonNode entry : JSON.readTree(published("ip.json").body()).path("entries")) {
            listed = entry.path("address").asText().equals(address) ? entry : listed;
        }
        assertEquals(id, listed.path("reference").asText());
        assertTrue(published("ip.txt").headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals(404, published("nothing.csv").statusCode());

        // The webhook's endpoint answers 503: tried ATTEMPTS times, then recorded failed, while the others succeeded.
        await().atMost(60, SECONDS).until(() -> records(id).size() == 3);
        assertEquals(Integer.valueOf(ATTEMPTS), FAILING_CALLS.get(id));
        for (JsonNode record : records(id)) {
            JsonNode source = record.path("_source");
            switch (source.path("action").asText()) {
                case "webhook" -> {
                    assertEquals("failed", source.path("outcome").asText());
                    assertEquals(ATTEMPTS, source.path("attempts").asInt());
                    assertEquals("127.0.0.1 answered 503", source.path("error").asText());
                }
                case "email", "block" -> assertEquals(source.toString(), "success", source.path("outcome").asText());
                default -> throw new AssertionError("an action of no one's: " + source);
            }
        }

        // Expired, it leaves the list by itself.
        await().atMost(BLOCK_SECONDS + 30, SECONDS).pollInterval(1, SECONDS)
                .until(() -> !Arrays.asList(published("ip.txt").body().split("\n")).contains(address));
    }

    @Test
    public void aPrivateAddressIsRefusedNotBlocked() throws Exception {
        String address = "10.77." + (int) (Math.random() * 250) + ".9";
        post("Scan", address);
        await().atMost(SCHEDULE_SECONDS + 60, SECONDS).until(() -> {
            JsonNode hits = get("/actions-" + MONTH + "/_search?q=action:block+AND+alert.summary:%22" + address + "%22").path("hits").path("hits");
            return hits.size() == 1 && hits.get(0).path("_source").path("outcome").asText().equals("refused");
        });
        JsonNode record = get("/actions-" + MONTH + "/_search?q=action:block+AND+alert.summary:%22" + address + "%22").at("/hits/hits/0/_source");
        assertEquals(1, record.path("attempts").asInt());
        assertEquals(address + " is in 10.0.0.0/8, private or reserved address space", record.path("error").asText());
        assertTrue(!published("ip.txt").body().contains(address));
    }

    @Test
    public void aBurstOfAHundredAlertsBecomesTheConfiguredNumberOfMails() throws Exception {
        for (int i = 0; i < 100; i++) {
            post("Burst", "198.51.100." + (i + 1));
        }
        awaitAlerts("classname:ItBurst" + MARKER, 100);
        await().atMost(120, SECONDS).until(() -> count("action:email+AND+alert.classname:ItBurst" + MARKER) == 100);
        assertEquals(MAILS_PER_RULE, count("action:email+AND+outcome:success+AND+alert.classname:ItBurst" + MARKER));
        assertEquals(100 - MAILS_PER_RULE, count("action:email+AND+outcome:throttled+AND+alert.classname:ItBurst" + MARKER));
        assertEquals(MAILS_PER_RULE, mails("Burst from ").length);
    }

    private static void post(String rule, String address) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"probe\",\"hostname\":\"fw1\",\"details\":{\"marker\":\"" + MARKER + "-" + rule
                        + "\",\"sourceipaddress\":\"" + address + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 200, answer.statusCode());
    }

    private static MimeMessage[] mails(String subject) throws Exception {
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> {
            try {
                return message.getSubject().contains(subject);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    private static HttpResponse<String> published(String list) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/blocklist/" + list)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** By the exact id: an id may start with "-", which the query string would read as NOT. */
    private static JsonNode records(String alertId) throws Exception {
        return get("/actions-" + MONTH + "/_search?q=alert.id.keyword:%22" + alertId + "%22").path("hits").path("hits");
    }

    private static int count(String query) throws Exception {
        return get("/actions-" + MONTH + "/_count?q=" + query).path("count").asInt();
    }

    private static JsonNode awaitAlerts(String query, int count) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(SCHEDULE_SECONDS + 60, SECONDS).pollInterval(500, java.util.concurrent.TimeUnit.MILLISECONDS).until(() -> {
            found[0] = get("/alerts/_search?size=" + count + "&q=" + query).path("hits").path("hits");
            return found[0].size() == count;
        });
        return found[0];
    }
}
