package io.vigil.itests;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;

/**
 * The console in a real browser (Debian's Chromium, headless) over a real {@code ./vigil run}: handlers sign in, see
 * an alert arrive without reloading, escalate it, and work one incident from two browsers at once — each seeing who
 * else is there, the other's saved change within a second, and a conflicting edit shown field by field and resolved,
 * nothing overwritten unseen. Screenshots of the main pages land in {@code target/screenshots/}.
 */
public class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The mock OpenID Connect provider of ./vigil services (whoever signs in there is olga@example.com, group soc). */
    private static final String OIDC = System.getProperty("vigil.oidc.url", "").startsWith("${") ? "" : System.getProperty("vigil.oidc.url", "");

    private static VigilInstance vigil;
    private static String rest;

    @BeforeClass
    public static void start() throws Exception {
        vigil = new VigilInstance("console").withServicesElasticsearch();
        vigil.environment.put("VIGIL_ADMIN_PASSWORD", "admin-" + MARKER);
        // A rule of the test's own, run every 5 s, so an alert is raised by the engine from events sent in.
        Path rules = Files.createDirectories(Path.of("target", "console-it-rules").toAbsolutePath());
        Files.writeString(rules.resolve("ssh.yml"), """
                name: console-ssh-%1$s
                classname: ConsoleSsh
                schedule: 5s
                window: 2m
                query:
                  must:
                    - match: {details.marker: %1$s}
                aggregate: {field: details.sourceipaddress, threshold: 3, samples: 5}
                alert:
                  severity: WARNING
                  category: bruteforce
                  summary: "SSH brute force: {count} failures from {value} (%1$s)"
                """.formatted(MARKER));
        vigil.environment.put("VIGIL_ALERTS_RULES_DIR", rules.toString());
        Path sigma = Files.createDirectories(Path.of("target", "console-it-sigma", "windows").toAbsolutePath());
        for (String name : List.of("whoami", "netcat")) {
            Files.writeString(sigma.resolve(name + ".yml"), """
                    title: Console %1$s %2$s
                    id: console-%1$s-%2$s
                    level: medium
                    logsource: {product: windows, category: process_creation}
                    detection:
                      selection: {Image|endswith: '\\%1$s.exe'}
                      condition: selection
                    """.formatted(name, MARKER));
        }
        vigil.environment.put("VIGIL_SIGMA_RULES_DIR", sigma.getParent().toString());
        if (!OIDC.isBlank()) {
            vigil.environment.put("VIGIL_OIDC_ISSUER", OIDC);
            vigil.environment.put("VIGIL_OIDC_ROLES", "soc=handler");
        }
        vigil.start();
        rest = "http://127.0.0.1:" + vigil.environment.get("VIGIL_REST_PORT");
        vigil.addUsers("alice = alice-pw, handler\nbob = bob-pw, handler\nvera = vera-pw, viewer\n");
        // Slowly: a sign-in refused before the realm took the file counts as a failure.
        await().atMost(10, SECONDS).pollInterval(2, SECONDS).until(() -> api("GET", "/api/session", "alice", null).statusCode() == 200);
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
    }

    private static HttpResponse<String> api(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rest + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode es(String method, String path, String body) throws Exception {
        return new Elasticsearch(vigil.esUrl()).request(method, path, body);
    }

    /** Failed SSH logins from one address, posted to the HTTP input as a shipper would; the rule above alerts on them. */
    private static void attack(String address) throws Exception {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 3; i++) {
            ObjectNode event = JSON.createObjectNode().put("utctimestamp", Instant.now().toString()).put("hostname", "bastion")
                    .put("category", "authentication").put("summary", "failed ssh login for root from " + address);
            event.putObject("details").put("sourceipaddress", address).put("marker", MARKER);
            events.append(i == 0 ? "" : ",").append(event);
        }
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events")).POST(HttpRequest.BodyPublishers.ofString(events + "]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), 2, posted.statusCode() / 100);
    }

    private Browser browser() {
        return new Browser(rest);
    }

    @Test
    public void signInIsNeededAndAWrongPasswordIsSaid() throws Exception {
        try (Browser browser = browser()) {
            browser.open("#/alerts");
            browser.find(By.id("signin"));
            assertFalse("nothing but the sign-in form before signing in", browser.all(By.id("bar")).get(0).isDisplayed());
            browser.screenshot("01-sign-in");
            browser.type(By.name("user"), "alice");
            browser.type(By.name("password"), "wrong");
            browser.click(By.id("signin"));
            await().atMost(10, SECONDS).until(() -> browser.text(By.cssSelector(".signin .error")).equals("wrong user name or password"));
            browser.signIn("alice", "alice-pw");
            assertTrue(browser.cookie("vigil_session").isHttpOnly());
            assertEquals("alice", browser.text(By.cssSelector("#who .user")));
            browser.click(By.id("signout"));
            browser.find(By.id("signin"));
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(rest + "/api/alerts")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals("[]", browser.errors().toString());
        }
    }

    @Test
    public void signingInThroughTheOrganisationsProviderComesBackToThePageAsked() throws Exception {
        Assume.assumeFalse("no OpenID Connect provider given (./vigil test passes its mock as vigil.oidc.url)", OIDC.isBlank());
        try (Browser olga = browser()) {
            olga.open("#/lists");
            olga.click(By.id("oidc"));
            await().atMost(20, SECONDS).until(() -> olga.text(By.cssSelector("#who .user")).equals("olga@example.com"));
            assertEquals("handler", olga.text(By.cssSelector("#who .role")));
            assertEquals("#/lists", olga.hash());
            olga.find(By.id("watchlist"));
            assertTrue(olga.cookie("vigil_session").isHttpOnly());
        }
    }

    @Test
    public void handlersWorkAnAlertIntoAnIncidentTogether() throws Exception {
        try (Browser alice = browser(); Browser bob = browser()) {
            alice.open("#/alerts").signIn("alice", "alice-pw");
            alice.find(By.id("alerts"));
            await().atMost(10, SECONDS).until(() -> "live".equals(alice.text(By.id("live"))));
            // Marks this page: a reload would lose it, so finding it after the alert shows proves none happened.
            alice.script("window.vigilNoReload = true");
            String summary = "SSH brute force: 3 failures from 203.0.113.9 (" + MARKER + ")";
            attack("203.0.113.9");
            By row = By.xpath("//tbody[@id='alerts']/tr[td[@class='summary'][text()='" + summary + "']]");
            await().atMost(60, SECONDS).until(() -> !alice.all(row).isEmpty());
            assertEquals(Boolean.TRUE, alice.script("return window.vigilNoReload"));
            String alert = alice.find(row).getDomAttribute("data-id");
            assertTrue(alice.text(By.id("fresh")), alice.text(By.id("fresh")).matches("[1-9]\\d* new"));
            alice.screenshot("02-alerts-live");

            alice.click(row);
            alice.find(By.id("alert-summary"));
            assertEquals(summary, alice.text(By.id("alert-summary")));
            assertTrue(alice.text(By.cssSelector("details.event summary")).contains("failed ssh login for root from 203.0.113.9"));
            alice.screenshot("03-alert-detail");
            alice.click(By.id("escalate-incident"));
            await().atMost(10, SECONDS).until(() -> alice.hash().startsWith("#/incidents/"));
            String incident = alice.hash().substring("#/incidents/".length());
            await().atMost(10, SECONDS).until(() -> summary.equals(alice.text(By.id("incident-title"))));
            JsonNode stored = es("GET", "/incidents/_doc/" + incident, null).path("_source");
            assertEquals(alert, stored.at("/alerts/0").asText());
            assertEquals("alice", stored.path("creator").asText());
            await().atMost(10, SECONDS).until(() -> es("GET", "/alerts/_search?q=_id:" + alert, null).at("/hits/hits/0/_source/status").asText().equals("escalated"));

            bob.open("#/incidents/" + incident).signIn("bob", "bob-pw");
            bob.find(By.id("incident-title"));
            // Each sees the other there.
            await().atMost(10, SECONDS).until(() -> alice.text(By.id("presence")).contains("bob"));
            await().atMost(10, SECONDS).until(() -> bob.text(By.id("presence")).contains("alice"));

            // Alice's saved change shows in Bob's open page within a second, without him doing anything.
            String renamed = "Bastion brute force, source 203.0.113.9 " + MARKER;
            By bobsNote = By.cssSelector("section[data-list='notes'] input[name='text']");
            bob.type(bobsNote, "half-written note");
            alice.type(By.id("f-summary"), renamed);
            long saved = System.nanoTime();
            alice.click(By.id("save"));
            await().atMost(1500, MILLISECONDS).pollInterval(50, MILLISECONDS).until(() -> renamed.equals(bob.value(By.id("f-summary"))));
            long seenMillis = (System.nanoTime() - saved) / 1_000_000;
            assertTrue("seen after " + seenMillis + " ms", seenMillis < 1500);
            assertTrue(bob.text(By.id("notice")), bob.text(By.id("notice")).contains("alice changed summary"));
            assertEquals("what Bob was typing is still there", "half-written note", bob.value(bobsNote));
            assertEquals(renamed, es("GET", "/incidents/_doc/" + incident, null).at("/_source/summary").asText());

            // Both edit the description; Alice saves first. Bob's text is kept and the conflict is shown to him.
            bob.type(By.id("f-description"), "Bob: credential stuffing from a botnet");
            alice.type(By.id("f-description"), "Alice: one scanner, blocked at the edge");
            alice.click(By.id("save"));
            await().atMost(10, SECONDS).until(() -> bob.all(By.id("conflict")).get(0).isDisplayed());
            assertEquals("Alice: one scanner, blocked at the edge", bob.text(By.cssSelector("#conflict td.theirs")));
            assertEquals("Bob: credential stuffing from a botnet", bob.text(By.cssSelector("#conflict td.mine")));
            assertEquals("Bob: credential stuffing from a botnet", bob.value(By.id("f-description")));
            bob.screenshot("05-incident-conflict");
            assertEquals("Alice: one scanner, blocked at the edge", es("GET", "/incidents/_doc/" + incident, null).at("/_source/description").asText());
            // Bob keeps his: saved over hers knowingly, and Alice's page follows.
            bob.click(By.id("keep-mine"));
            await().atMost(10, SECONDS).until(() -> "Bob: credential stuffing from a botnet".equals(alice.value(By.id("f-description"))));
            assertFalse(bob.all(By.id("conflict")).get(0).isDisplayed());
            JsonNode after = es("GET", "/incidents/_doc/" + incident, null).path("_source");
            assertEquals("Bob: credential stuffing from a botnet", after.path("description").asText());
            assertEquals("bob", after.path("modifiedBy").asText());
            assertEquals("the summary Alice saved stays", renamed, after.path("summary").asText());

            // A note from Bob lands in Alice's timeline; a VERIS tag from the picker is saved.
            bob.type(bobsNote, "blocked 203.0.113.0/24 for a day");
            bob.click(By.cssSelector("section[data-list='notes'] button"));
            await().atMost(5, SECONDS).until(() -> alice.text(By.id("timeline")).contains("blocked 203.0.113.0/24 for a day"));
            alice.type(By.id("veris-search"), "phish");
            alice.click(By.xpath("//ul[@id='veris-choices']//button[text()='action.Social.variety.Phishing']"));
            alice.click(By.id("save"));
            await().atMost(10, SECONDS).until(() -> es("GET", "/incidents/_doc/" + incident, null).at("/_source/tags/0").asText().equals("action.Social.variety.Phishing"));
            await().atMost(5, SECONDS).until(() -> bob.text(By.id("tags")).contains("action.Social.variety.Phishing"));
            alice.screenshot("04-incident");
            assertEquals("[]", alice.errors().toString());
            assertEquals("[]", bob.errors().toString());

            // Bob leaves; Alice sees it.
            bob.open("#/alerts");
            await().atMost(10, SECONDS).until(() -> !alice.text(By.id("presence")).contains("bob"));
        }
    }

    @Test
    public void searchListsStatusAndHealthPages() throws Exception {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            events.append(i == 0 ? "" : ",").append(JSON.createObjectNode().put("utctimestamp", Instant.now().minusSeconds(60L * i).toString())
                    .put("summary", "login " + MARKER + " " + i).put("category", i % 3 == 0 ? "authentication" : "syslog").put("hostname", "web" + (i % 2)).put("source", "console-test"));
        }
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events")).POST(HttpRequest.BodyPublishers.ofString(events.append("]").toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), 2, posted.statusCode() / 100);
        await().atMost(30, SECONDS).until(() -> JSON.readTree(api("GET", "/api/events?q=" + MARKER + "&from=now-1d", "alice", null).body()).path("total").asInt() == 30);

        try (Browser alice = browser()) {
            alice.open("#/events").signIn("alice", "alice-pw");
            alice.type(By.id("event-q"), "summary:" + MARKER);
            alice.click(By.id("event-search"));
            await().atMost(10, SECONDS).until(() -> alice.text(By.id("event-total")).equals("30 events"));
            assertFalse("the histogram is drawn", alice.all(By.cssSelector("#event-histogram canvas")).isEmpty());
            // A facet narrows the search.
            alice.click(By.xpath("//section[@class='facet'][h3='category']//button[text()='authentication']"));
            await().atMost(10, SECONDS).until(() -> alice.text(By.id("event-total")).equals("10 events"));
            assertTrue(alice.text(By.cssSelector(".chips")).contains("category: authentication"));
            alice.screenshot("06-event-search");

            alice.open("#/lists");
            alice.type(By.cssSelector("#blocklist-ip input[name='ipaddress']"), "10.1.2.3");
            alice.click(By.cssSelector("#blocklist-ip button[type='submit']"));
            await().atMost(10, SECONDS).until(() -> alice.text(By.cssSelector("#blocklist-ip .error")).contains("private"));
            alice.type(By.cssSelector("#blocklist-ip input[name='ipaddress']"), "203.0.113.9");
            alice.click(By.cssSelector("#blocklist-ip button[type='submit']"));
            await().atMost(10, SECONDS).until(() -> alice.text(By.id("blocklist-ip")).contains("203.0.113.9"));
            alice.type(By.cssSelector("#watchlist input[name='watchcontent']"), "svc-" + MARKER);
            alice.click(By.cssSelector("#watchlist button[type='submit']"));
            await().atMost(10, SECONDS).until(() -> alice.text(By.id("watchlist")).contains("svc-" + MARKER));
            alice.screenshot("07-lists");
            assertTrue(api("GET", "/api/blocklist/ip", "alice", null).body().contains("203.0.113.9"));

            alice.open("#/status");
            alice.find(By.cssSelector("tr[data-plugin]"));
            assertFalse(alice.all(By.cssSelector("tr[data-rule]")).isEmpty());
            alice.screenshot("08-plugins-rules");

            alice.open("#/health");
            alice.find(By.id("healthy"));
            assertEquals("healthy", alice.text(By.id("healthy")));
            assertTrue(alice.text(By.cssSelector("tr[data-route='http-events']")).contains("Started"));
            assertFalse(alice.all(By.cssSelector("#rate-chart canvas")).isEmpty());
            alice.screenshot("09-health");
            assertEquals("[]", alice.errors().toString());
        }
    }

    /**
     * An administrator finds a Sigma rule by the filter, switches it off with a reason and on again from the rules
     * page; a handler sees the rules and the switches but no way to change them.
     */
    @Test
    public void anAdministratorSwitchesSigmaRulesFromTheRulesPage() throws Exception {
        String rule = "console-whoami-" + MARKER;
        try (Browser admin = browser()) {
            admin.open("#/status").signIn("admin", "admin-" + MARKER);
            admin.find(By.id("sigma-filter"));
            admin.type(By.id("sigma-filter"), "whoami");
            await().atMost(10, SECONDS).until(() -> admin.all(By.cssSelector("#sigma-rules tr[data-sigma]")).size() == 1);
            admin.click(By.cssSelector("tr[data-sigma='" + rule + "'] button"));
            assertEquals(rule, admin.value(By.id("switch-target")));
            admin.click(By.id("switch-off"));
            await().atMost(10, SECONDS).until(() -> admin.text(By.id("switch-error")).contains("reason"));
            admin.type(By.id("switch-reason"), "fires on the build farm");
            admin.click(By.id("switch-off"));
            await().atMost(10, SECONDS).until(() -> admin.text(By.cssSelector("tr[data-target='" + rule + "']")).contains("fires on the build farm"));
            admin.type(By.id("sigma-filter"), "whoami");
            await().atMost(10, SECONDS).until(() -> admin.text(By.cssSelector("tr[data-sigma='" + rule + "']")).contains("disabled"));
            admin.screenshot("10-sigma-rules");
            JsonNode listed = JSON.readTree(api("GET", "/api/rules", "alice", null).body()).path("sigma");
            assertEquals("admin", listed.at("/switches/0/by").asText());
            try (Browser alice = browser()) {
                alice.open("#/status").signIn("alice", "alice-pw");
                alice.find(By.cssSelector("tr[data-target='" + rule + "']"));
                assertTrue("no switching for a handler", alice.all(By.id("switch-form")).isEmpty());
                assertTrue(alice.all(By.cssSelector("#sigma-rules button")).isEmpty());
            }
            admin.click(By.cssSelector("tr[data-target='" + rule + "'] button"));
            await().atMost(10, SECONDS).until(() -> admin.all(By.cssSelector("tr[data-target]")).isEmpty());
            for (JsonNode item : JSON.readTree(api("GET", "/api/rules", "alice", null).body()).at("/sigma/rules")) {
                assertEquals(item.path("id").asText(), "runs", item.path("state").asText());
            }
            assertEquals("[]", admin.errors().toString());
        }
    }

    /** An administrator reads who changed what in the audit trail; nobody else is shown the page. */
    @Test
    public void anAdministratorReadsTheAuditTrail() throws Exception {
        String summary = "audited " + MARKER;
        assertEquals(201, api("POST", "/api/incidents", "alice", "{\"summary\":\"" + summary + "\"}").statusCode());
        try (Browser admin = browser()) {
            admin.open("#/audit").signIn("admin", "admin-" + MARKER);
            admin.find(By.id("audit-user"));
            admin.type(By.id("audit-user"), "alice");
            admin.type(By.id("audit-action"), "POST /api/incidents");
            await().atMost(20, SECONDS).ignoreExceptions().until(() -> {
                admin.click(By.id("audit-search"));
                return admin.text(By.id("audit")).contains("success 201");
            });
            assertTrue(admin.text(By.id("audit")), admin.text(By.id("audit")).contains("alice"));
            admin.screenshot("11-audit");
            assertEquals("[]", admin.errors().toString());
        }
        try (Browser vera = browser()) {
            vera.open("#/audit").signIn("vera", "vera-pw");
            await().atMost(10, SECONDS).until(() -> vera.text(By.id("page")).contains("Only administrators"));
            assertFalse(vera.all(By.cssSelector("#nav a[data-page='audit']")).get(0).isDisplayed());
        }
    }

    @Test
    public void aViewerSeesButCannotChange() throws Exception {
        String incident = JSON.readTree(api("POST", "/api/incidents", "alice", "{\"summary\":\"viewer check " + MARKER + "\"}").body()).path("id").asText();
        assertNotNull(incident);
        try (Browser vera = browser()) {
            vera.open("#/incidents/" + incident).signIn("vera", "vera-pw");
            vera.find(By.id("incident-title"));
            assertFalse(vera.all(By.id("save")).get(0).isEnabled());
            assertFalse(vera.all(By.id("f-summary")).get(0).isEnabled());
            assertTrue("no add forms for a viewer", vera.all(By.cssSelector("section[data-list] form")).isEmpty());
            vera.open("#/alerts");
            vera.find(By.id("alerts"));
            assertTrue(vera.all(By.cssSelector("#alerts button")).isEmpty());
        }
    }
}
