package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The REST API of a real {@code ./vigil run}, over HTTPS with the certificate it makes, users signing in through the
 * JAAS realm over its users file (added while it runs): roles, MozDef's routes, alerts triaged and escalated, incidents
 * edited by two handlers at once, events searched and paged — each checked in Elasticsearch or in the answers.
 */
public class RestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String ADMIN_PASSWORD = "admin-" + MARKER;
    /** The mock OpenID Connect provider of ./vigil services (whoever signs in there is olga@example.com, group soc). */
    private static final String OIDC = System.getProperty("vigil.oidc.url", "").startsWith("${") ? "" : System.getProperty("vigil.oidc.url", "");

    private static VigilInstance vigil;
    private static HttpClient https;
    private static String rest;

    @BeforeClass
    public static void start() throws Exception {
        vigil = new VigilInstance("rest").withServicesElasticsearch();
        vigil.environment.put("VIGIL_REST_SCHEME", "https");
        vigil.environment.put("VIGIL_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // The test stands in for a load balancer: the addresses it names in X-Forwarded-For are the clients'.
        vigil.environment.put("VIGIL_REST_TRUSTED_PROXIES", "127.0.0.1");
        if (!OIDC.isBlank()) {
            vigil.environment.put("VIGIL_OIDC_ISSUER", OIDC);
            vigil.environment.put("VIGIL_OIDC_ROLES", "soc=handler");
        }
        vigil.start();
        KeyStore trust = TestCa.load(vigil.var.resolve("tls/trust.p12"), Files.readString(vigil.var.resolve("tls/password")).trim());
        https = HttpClient.newBuilder().sslContext(TestCa.clientContext(trust, null)).build();
        rest = "https://127.0.0.1:" + vigil.environment.get("VIGIL_REST_PORT");
        // Users added while the container runs, in clear: it hashes them and lets them in without a restart.
        vigil.addUsers("vera = vera-pw, viewer\nhank = hank-pw, handler\nhana = hana-pw, handler\nnobody = nobody-pw\ntess = tess-pw, viewer\n"
                + "stella = stella-pw, viewer\n");
        // Slowly: a sign-in refused before the realm took the file counts as a failure.
        await().atMost(10, SECONDS).pollInterval(2, SECONDS).until(() -> call("GET", "/api/incidents", "hank", null).statusCode() == 200);
        String users = Files.readString(vigil.var.resolve("vigil.users"));
        assertFalse(users, users.contains("hank-pw") || users.contains(ADMIN_PASSWORD));
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
    }

    private static String password(String user) {
        return user.equals("admin") ? ADMIN_PASSWORD : user + "-pw";
    }

    static HttpResponse<String> call(String method, String path, String user, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rest + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(user)).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> answer, int status) throws IOException {
        assertEquals(answer.body(), status, answer.statusCode());
        assertTrue(answer.headers().firstValue("Content-Type").orElse(""), answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(answer.body());
    }

    private static String error(HttpResponse<String> answer, int status) throws IOException {
        return ok(answer, status).path("error").asText();
    }

    private static JsonNode es(String method, String path, String body) throws Exception {
        return new Elasticsearch(vigil.esUrl()).request(method, path, body);
    }

    private static String alert(String summary) throws Exception {
        String id = "alert-" + UUID.randomUUID();
        es("PUT", "/alerts-209901/_doc/" + id + "?refresh=true", JSON.createObjectNode().put("utctimestamp", "2099-01-01T00:00:00+00:00").put("summary", summary)
                .put("severity", "WARNING").put("category", "test").put("status", "manual").toString());
        return id;
    }

    /**
     * A body over the limit is refused before sign-in, while it is read: a gzip bomb stops after the limit, not in the
     * heap. The server answers 413 before the client has sent everything and closes the connection, so a client may
     * see the connection cut instead of the answer; either way the container must not have read the body whole (no
     * OutOfMemoryError in its log, which a route caching the body produced) and must go on answering.
     */
    @Test
    public void bodiesAreBoundedBeforeSignIn() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(zipped)) {
            byte[] zeros = new byte[1 << 20];
            // 256 MiB inflated: half the container's heap, as a copy of it needs more than that.
            for (int i = 0; i < 256; i++) {
                zip.write(zeros);
            }
        }
        refusedOrCut(HttpRequest.newBuilder(URI.create(rest + "/api/session")).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build(),
                "inflated body is over the limit of 1048576 bytes");
        refusedOrCut(HttpRequest.newBuilder(URI.create(rest + "/api/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + "x".repeat(2 << 20) + "\"}")).build(), "over the limit of 1048576");
        // Slowly: a sign-in refused before the realm took the file counts as a failure.
        await().atMost(10, SECONDS).pollInterval(2, SECONDS).until(() -> call("GET", "/api/incidents", "hank", null).statusCode() == 200);
        String log = Files.readString(vigil.var.resolve("karaf/data/log/karaf.log"));
        assertFalse("the container ran out of memory", log.contains("OutOfMemoryError"));
    }

    /** A 413 naming the limit, or the connection cut by the server before the client could read it. */
    private static void refusedOrCut(HttpRequest request, String reason) throws Exception {
        HttpResponse<String> answer;
        try {
            answer = https.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException cut) {
            return;
        }
        assertTrue(answer.body(), error(answer, 413).contains(reason));
    }

    /** Camel makes request headers and query parameters message headers: neither may come back on the REST port or the block lists. */
    @Test
    public void noAnswerEchoesTheRequest() throws Exception {
        HttpResponse<String> rest = https.send(HttpRequest.newBuilder(URI.create(RestIT.rest + "/api/session?Set-Cookie=x%3D1&X-Echo=q"))
                .header("X-Echo", "h").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> console = https.send(HttpRequest.newBuilder(URI.create(RestIT.rest + "/ui/?Set-Cookie=x%3D1&X-Echo=q"))
                .header("X-Echo", "h").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> lists = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/blocklist/ip.txt?Set-Cookie=x%3D1&X-Echo=q"))
                .header("X-Echo", "h").build(), HttpResponse.BodyHandlers.ofString());
        for (HttpResponse<String> answer : List.of(rest, console, lists)) {
            String where = answer.uri() + " " + answer.headers().map();
            assertTrue(where, answer.headers().firstValue("X-Echo").isEmpty());
            assertTrue(where, answer.headers().firstValue("Set-Cookie").isEmpty());
        }
        assertEquals(200, lists.statusCode());
        assertEquals("Elasticsearch", lists.headers().firstValue("X-Elastic-Product").orElse(""));
    }

    @Test
    public void signInAndRolesAreEnforcedAndStatusIsOpen() throws Exception {
        assertEquals("{\"status\":\"ok\",\"service\":\"restapi\"}", call("GET", "/status", null, null).body());
        assertEquals(200, call("GET", "/test/", null, null).statusCode());
        HttpResponse<String> anonymous = call("GET", "/api/alerts", null, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        HttpResponse<String> wrong = https.send(HttpRequest.newBuilder(URI.create(rest + "/api/alerts"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("hank:nope".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("wrong user name or password", error(wrong, 401));
        assertTrue(error(call("GET", "/api/alerts", "nobody", null), 403).contains("none of Vigil's roles"));
        assertEquals("POST /api/incidents needs the role handler; vera has viewer", error(call("POST", "/api/incidents", "vera", "{\"summary\":\"x\"}"), 403));
        assertEquals(200, call("GET", "/api/incidents", "vera", null).statusCode());
        assertEquals("no route /api/nothing", error(call("GET", "/api/nothing", "vera", null), 404));
        HttpResponse<String> method = call("DELETE", "/api/incidents", "admin", null);
        assertEquals(405, method.statusCode());
        assertEquals(403, call("POST", "/api/incidents", "hank", "{\"summary\":\"x\"}", "Origin", "https://evil.example").statusCode());
        // A query parameter named like a header is no header.
        assertEquals(401, call("GET", "/api/alerts?Authorization=" + URLEncoder.encode("Basic " + Base64.getEncoder().encodeToString("hank:hank-pw".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8), null, null).statusCode());
        JsonNode openapi = ok(call("GET", "/api/openapi.json", "vera", null), 200);
        assertEquals("handler", openapi.at("/paths/~1api~1incidents~1{id}/patch/x-vigil-role").asText());
        assertTrue(openapi.path("paths").has("/alertstatus"));
    }

    /**
     * The audit trail holds sign-ins (failed ones too), changes done and refused, with who and from where, in the
     * monthly audit index; only administrators read it, and nothing in the API removes a record.
     */
    @Test
    public void signInsAndChangesAreAudited() throws Exception {
        String from = "198.51.100.61";
        assertEquals(401, call("POST", "/api/session", null, "{\"user\":\"stella\",\"password\":\"wrong\"}", "X-Forwarded-For", from).statusCode());
        assertEquals(200, call("POST", "/api/session", null, "{\"user\":\"stella\",\"password\":\"stella-pw\"}", "X-Forwarded-For", from).statusCode());
        assertEquals(403, call("POST", "/api/incidents", "stella", "{\"summary\":\"not mine to open\"}", "X-Forwarded-For", from).statusCode());
        // Refused for its unknown field, and audited as refused, with what was sent but not the secret.
        assertEquals(400, call("POST", "/api/incidents", "hank", "{\"summary\":\"audited " + MARKER + "\",\"password\":\"never kept\"}",
                "X-Forwarded-For", from).statusCode());
        String id = ok(call("POST", "/api/incidents", "hank", "{\"summary\":\"audited " + MARKER + "\"}", "X-Forwarded-For", from), 201).path("id").asText();

        await().atMost(20, SECONDS).until(() -> ok(call("GET", "/api/audit?user=stella", "admin", null), 200).path("total").asInt() >= 3);
        JsonNode stella = ok(call("GET", "/api/audit?user=stella", "admin", null), 200).path("items");
        List<String> seen = new ArrayList<>();
        stella.forEach(item -> seen.add(item.at("/source/action").asText() + " " + item.at("/source/status").asInt() + " " + item.at("/source/address").asText()));
        assertTrue(seen.toString(), seen.contains("sign-in 401 " + from));
        assertTrue(seen.toString(), seen.contains("session-opened 200 " + from));
        assertTrue(seen.toString(), seen.contains("POST /api/incidents 403 " + from));
        await().atMost(20, SECONDS).until(() -> ok(call("GET", "/api/audit?user=hank&outcome=success&action="
                + URLEncoder.encode("POST /api/incidents", StandardCharsets.UTF_8), "admin", null), 200).path("items").findValuesAsText("path").contains("/api/incidents"));
        // Stored in Elasticsearch's monthly audit index.
        JsonNode stored = es("POST", "/audit-*/_search", "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"user\":\"hank\"}},"
                + "{\"term\":{\"action\":\"POST /api/incidents\"}},{\"term\":{\"status\":400}}]}}}");
        JsonNode mine = null;
        for (JsonNode hit : stored.path("hits").path("hits")) {
            if (hit.at("/_source/details/summary").asText().equals("audited " + MARKER)) {
                mine = hit;
            }
        }
        assertNotNull(stored.toString(), mine);
        assertTrue(mine.path("_index").asText().matches("audit-\\d{6}"));
        assertEquals("(removed)", mine.at("/_source/details/password").asText());
        assertEquals("handler", mine.at("/_source/role").asText());
        assertTrue(mine.at("/_source/reason").asText(), mine.at("/_source/reason").asText().startsWith("unknown field password"));
        assertTrue(id, !id.isEmpty());

        assertEquals("GET /api/audit needs the role admin; hank has handler", error(call("GET", "/api/audit", "hank", null), 403));
        assertEquals(405, call("DELETE", "/api/audit", "admin", null).statusCode());
    }

    /** An administrator edits the users file: a signed-in session takes the new role at once, and ends with the user. */
    @Test
    public void aSessionFollowsTheUsersFile() throws Exception {
        vigil.addUsers("rhea = rhea-pw, handler\n");
        String from = "198.51.100.41";
        await().atMost(10, SECONDS).pollInterval(2, SECONDS)
                .until(() -> call("POST", "/api/session", null, "{\"user\":\"rhea\",\"password\":\"rhea-pw\"}", "X-Forwarded-For", from).statusCode() == 200);
        HttpResponse<String> signedIn = call("POST", "/api/session", null, "{\"user\":\"rhea\",\"password\":\"rhea-pw\"}", "X-Forwarded-For", from);
        String jar = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = ok(signedIn, 200).path("csrf").asText();
        Path users = vigil.var.resolve("vigil.users");
        Files.writeString(users, Files.readString(users).replaceFirst("(?m)^(rhea = \\S+), handler$", "$1, viewer"));
        assertEquals("viewer", ok(call("GET", "/api/session", null, null, "Cookie", jar), 200).path("role").asText());
        assertEquals("POST /api/incidents needs the role handler; rhea has viewer",
                error(call("POST", "/api/incidents", null, "{\"summary\":\"s\"}", "Cookie", jar, "X-CSRF-Token", csrf), 403));
        Files.writeString(users, Files.readString(users).replaceFirst("(?m)^rhea = .*\n", ""));
        assertEquals("the session has ended: sign in again", error(call("GET", "/api/alerts", null, null, "Cookie", jar), 401));
    }

    @Test
    public void theConsolesSessionIsACookieWhoseChangesNeedTheCsrfToken() throws Exception {
        HttpResponse<String> signedIn = call("POST", "/api/session", null, "{\"user\":\"hana\",\"password\":\"hana-pw\"}");
        JsonNode session = ok(signedIn, 200);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie, cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"));
        String jar = cookie.substring(0, cookie.indexOf(';'));
        String csrf = session.path("csrf").asText();
        assertEquals("hana", ok(call("GET", "/api/session", null, null, "Cookie", jar), 200).path("user").asText());
        assertTrue(error(call("POST", "/api/incidents", null, "{\"summary\":\"s\"}", "Cookie", jar), 403).contains("CSRF"));
        ok(call("POST", "/api/incidents", null, "{\"summary\":\"from the console " + MARKER + "\"}", "Cookie", jar, "X-CSRF-Token", csrf), 201);
        ok(call("DELETE", "/api/session", null, null, "Cookie", jar, "X-CSRF-Token", csrf), 200);
        HttpResponse<String> ended = call("GET", "/api/alerts", null, null, "Cookie", jar);
        assertEquals("the session has ended: sign in again", error(ended, 401));
        assertTrue(ended.headers().firstValue("WWW-Authenticate").isEmpty());
        assertEquals(401, call("POST", "/api/session", null, "{\"user\":\"hana\",\"password\":\"wrong\"}").statusCode());
    }

    @Test
    public void signingInThroughOpenIdConnectOpensASession() throws Exception {
        org.junit.Assume.assumeFalse("no OIDC provider: ./vigil test passes -Dvigil.oidc.url", OIDC.isBlank());
        HttpResponse<String> start = call("GET", "/api/session/oidc?return=/incidents", null, null);
        assertEquals(start.body(), 302, start.statusCode());
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertTrue(authorize.toString(), authorize.toString().startsWith(OIDC + "/authorize?") && authorize.getQuery().contains("code_challenge_method=S256"));
        String flow = start.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(flow, flow.startsWith("vigil_oidc=") && flow.contains("SameSite=Lax") && flow.contains("HttpOnly"));
        String flowCookie = flow.substring(0, flow.indexOf(';'));

        // The provider signs olga in at once and sends the browser back with a code.
        HttpResponse<String> provider = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(provider.body(), 302, provider.statusCode());
        String callback = provider.headers().firstValue("Location").orElseThrow();
        assertTrue(callback, callback.startsWith(rest + "/api/session/oidc/callback?"));
        String path = callback.substring(rest.length());

        assertEquals("this sign-in was started in another browser", error(call("GET", path, null, null), 400));
        // Refused without its cookie, the flow is spent, cookie or not: sign in again.
        assertTrue(error(call("GET", path, null, null, "Cookie", flowCookie), 400).startsWith("no sign-in under way"));
        HttpResponse<String> again = call("GET", "/api/session/oidc?return=/incidents", null, null);
        URI authorizeAgain = URI.create(again.headers().firstValue("Location").orElseThrow());
        String againCookie = again.headers().firstValue("Set-Cookie").orElseThrow();
        String back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorizeAgain).build(), HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("Location").orElseThrow().substring(rest.length());
        HttpResponse<String> signedIn = call("GET", back, null, null, "Cookie", againCookie.substring(0, againCookie.indexOf(';')));
        assertEquals(signedIn.body(), 302, signedIn.statusCode());
        assertEquals("/incidents", signedIn.headers().firstValue("Location").orElseThrow());
        String session = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(session, session.startsWith("vigil_session=") && session.contains("SameSite=Strict") && session.contains("Secure"));
        JsonNode who = ok(call("GET", "/api/session", null, null, "Cookie", session.substring(0, session.indexOf(';'))), 200);
        assertEquals("olga@example.com", who.path("user").asText());
        assertEquals("handler", who.path("role").asText());
        assertTrue(error(call("GET", back, null, null, "Cookie", againCookie.substring(0, againCookie.indexOf(';'))), 400).startsWith("no sign-in under way"));
    }

    /**
     * Ten wrong passwords for one name from one address: that address waits the window out for that name, even with the
     * right password, while the user signs in from elsewhere; random names from one address are cut short at 30.
     */
    @Test
    public void guessingAPasswordIsCutShortWithoutLockingTheUserOut() throws Exception {
        String guesser = "203.0.113.9";
        for (int i = 0; i < 10; i++) {
            assertEquals(401, call("POST", "/api/session", null, "{\"user\":\"tess\",\"password\":\"guess" + i + "\"}", "X-Forwarded-For", guesser)
                    .statusCode());
        }
        assertTrue(error(call("POST", "/api/session", null, "{\"user\":\"tess\",\"password\":\"tess-pw\"}", "X-Forwarded-For", guesser), 429)
                .startsWith("too many failed sign-ins of tess from " + guesser));
        assertEquals(429, call("GET", "/api/alerts", "tess", null, "X-Forwarded-For", guesser).statusCode());
        assertEquals(200, call("GET", "/api/alerts", "tess", null, "X-Forwarded-For", "198.51.100.20").statusCode());
        String sprayer = "203.0.113.77";
        for (int i = 0; i < 30; i++) {
            assertEquals(401, call("POST", "/api/session", null, "{\"user\":\"nobody" + i + "\",\"password\":\"x\"}", "X-Forwarded-For", sprayer)
                    .statusCode());
        }
        assertTrue(error(call("POST", "/api/session", null, "{\"user\":\"nobody-else\",\"password\":\"x\"}", "X-Forwarded-For", sprayer), 429)
                .startsWith("too many failed sign-ins from " + sprayer));
    }

    @Test
    public void theConsolesStatusRoutesAndItsFilesOverHttps() throws Exception {
        JsonNode health = ok(call("GET", "/api/health", "vera", null), 200);
        assertTrue(health.toString(), health.path("healthy").asBoolean());
        assertTrue(health.toString(), Set.of("green", "yellow").contains(health.at("/elasticsearch/status").asText()));
        Set<String> routes = new HashSet<>();
        health.path("routes").forEach(route -> routes.add(route.path("id").asText() + "=" + route.path("status").asText()));
        assertTrue(routes.toString(), routes.containsAll(Set.of("rest=Started", "console=Started", "http-events=Started")));
        assertEquals(401, call("GET", "/api/health", null, null).statusCode());

        JsonNode rules = ok(call("GET", "/api/rules", "vera", null), 200);
        assertTrue(rules.path("running").asBoolean());
        JsonNode bruteforce = null;
        for (JsonNode rule : rules.path("rules")) {
            bruteforce = rule.path("name").asText().equals("bruteforce_ssh") ? rule : bruteforce;
        }
        assertNotNull(rules.toString(), bruteforce);
        assertTrue(bruteforce.path("origin").asText().contains("bruteforce_ssh.yml"));

        JsonNode taxonomy = ok(call("GET", "/api/veris/taxonomy", "vera", null), 200);
        assertEquals("built-in", taxonomy.path("source").asText());
        assertTrue(taxonomy.path("tags").toString().contains("\"action.Social.variety.Phishing\""));

        String address = "192.0.2." + (1 + (int) (Math.random() * 250));
        ok(call("POST", "/blockip", "hank", "{\"ipaddress\":\"" + address + "\",\"comment\":\"" + MARKER + "\"}"), 200);
        JsonNode listed = ok(call("GET", "/api/blocklist/ip", "vera", null), 200);
        assertTrue(listed.toString(), listed.toString().contains("\"value\":\"" + address + "\""));
        assertEquals("POST /api/blocklist/{kind}/unblock needs the role handler; vera has viewer",
                error(call("POST", "/api/blocklist/ip/unblock", "vera", "{\"value\":\"" + address + "\"}"), 403));
        assertEquals("no block list url; there are ip and fqdn", error(call("GET", "/api/blocklist/url", "vera", null), 404));
        assertEquals("value is required", error(call("POST", "/api/blocklist/ip/unblock", "hank", "{}"), 400));
        ok(call("POST", "/api/blocklist/ip/unblock", "hank", "{\"value\":\"" + address + "\"}"), 200);
        assertFalse(ok(call("GET", "/api/blocklist/ip", "vera", null), 200).toString().contains(address));
        assertEquals(address + " is not on the ip block list", error(call("POST", "/api/blocklist/ip/unblock", "hank", "{\"value\":\"" + address + "\"}"), 404));

        JsonNode methods = ok(call("GET", "/api/session/methods", null, null), 200);
        assertTrue(methods.path("password").asBoolean());
        assertEquals(!OIDC.isBlank(), methods.path("oidc").asBoolean());
        HttpResponse<String> root = call("GET", "/", null, null);
        assertEquals(302, root.statusCode());
        assertEquals("/ui/", root.headers().firstValue("Location").orElse(""));
        // The console's files come over the same HTTPS port, to anyone (they hold no data), never framed.
        HttpResponse<String> page = call("GET", "/ui/", null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Vigil</title>"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals(200, call("GET", "/ui/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null, null).statusCode());
        // Jetty resolves the dots before routing: what is left is a REST path, refused without a user.
        HttpResponse<String> outside = call("GET", "/ui/../etc/io.vigil.rest.cfg", null, null);
        assertNotEquals(200, outside.statusCode());
        assertFalse(outside.body(), outside.body().contains("sslContextParameters"));
    }

    @Test
    public void plainHttpGetsNoApi() {
        URI uri = URI.create(rest.replace("https://", "http://") + "/status");
        assertThrows(IOException.class, () -> {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException("answered " + answer.statusCode());
            }
        });
    }

    @Test
    public void twoHandlersEditingOneIncidentNeverOverwriteEachOther() throws Exception {
        HttpResponse<String> opened = call("POST", "/api/incidents", "hank", "{\"summary\":\"phish " + MARKER + "\",\"tags\":[\"action.Social.variety.Phishing\"]}");
        JsonNode incident = ok(opened, 201);
        String id = incident.path("id").asText();
        String version = incident.path("version").asText();
        assertEquals("\"" + version + "\"", opened.headers().firstValue("ETag").orElseThrow());
        assertEquals("/api/incidents/" + id, opened.headers().firstValue("Location").orElseThrow());
        assertEquals("hank", incident.at("/source/creator").asText());
        assertEquals("Identification", incident.at("/source/phase").asText());

        // Both read the same version; hank saves first, hana's save from the old version is refused with the current one.
        JsonNode first = ok(call("PATCH", "/api/incidents/" + id, "hank", "{\"phase\":\"Containment\"}", "If-Match", "\"" + version + "\""), 200);
        assertNotEquals(version, first.path("version").asText());
        HttpResponse<String> late = call("PATCH", "/api/incidents/" + id, "hana", "{\"summary\":\"not phish\",\"version\":\"" + version + "\"}");
        JsonNode conflict = ok(late, 409);
        assertEquals("Containment", conflict.at("/current/source/phase").asText());
        assertEquals(first.path("version").asText(), conflict.at("/current/version").asText());
        JsonNode stored = es("GET", "/incidents/_doc/" + id, null).path("_source");
        assertEquals("phish " + MARKER, stored.path("summary").asText());
        assertEquals("Containment", stored.path("phase").asText());
        // Made again from the current version, hana's change goes in.
        ok(call("PATCH", "/api/incidents/" + id, "hana", "{\"summary\":\"not phish " + MARKER + "\"}", "If-Match", conflict.at("/current/version").asText()), 200);
        assertEquals("hana", es("GET", "/incidents/_doc/" + id, null).at("/_source/modifiedBy").asText());

        // Notes appended at once by both are both kept: appending needs no version.
        List<CompletableFuture<HttpResponse<String>>> notes = new ArrayList<>();
        for (String user : List.of("hank", "hana", "hank", "hana")) {
            notes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return call("POST", "/api/incidents/" + id + "/notes", user, "{\"text\":\"note by " + user + " " + UUID.randomUUID() + "\"}");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<String>> note : notes) {
            assertEquals(note.get().body(), 200, note.get().statusCode());
        }
        JsonNode saved = ok(call("GET", "/api/incidents/" + id, "vera", null), 200);
        assertEquals(saved.toString(), 4, saved.at("/source/notes").size());
        Set<String> authors = new HashSet<>();
        saved.at("/source/notes").forEach(note -> authors.add(note.path("author").asText()));
        assertEquals(Set.of("hank", "hana"), authors);

        assertEquals(428, call("PATCH", "/api/incidents/" + id, "hank", "{\"phase\":\"Recovery\"}").statusCode());
        assertTrue(error(call("PATCH", "/api/incidents/" + id, "hank", "{\"phse\":\"Recovery\"}", "If-Match", saved.path("version").asText()), 400).startsWith("unknown field phse"));
        assertTrue(error(call("PATCH", "/api/incidents/" + id, "hank", "{\"phase\":\"Done\"}", "If-Match", saved.path("version").asText()), 400).startsWith("phase must be one of"));
        assertEquals("no incident nope", error(call("GET", "/api/incidents/nope", "vera", null), 404));
        assertEquals("summary is required", error(call("POST", "/api/investigations", "hank", "{}"), 400));
        assertTrue(error(call("POST", "/api/incidents", "hank", "{not json"), 400).startsWith("the body is not JSON"));

        JsonNode listed = ok(call("GET", "/api/incidents?q=" + MARKER + "&phase=Containment", "vera", null), 200);
        assertEquals(1, listed.path("total").asInt());
        assertEquals(id, listed.at("/items/0/id").asText());
        JsonNode veris = ok(call("GET", "/veris", "vera", null), 200);
        assertTrue(veris.toString(), veris.toString().contains("{\"tag\":\"action.Social.variety.Phishing\""));
    }

    @Test
    public void alertsAreTriagedAndEscalated() throws Exception {
        String id = alert("brute force " + MARKER);
        JsonNode found = ok(call("GET", "/api/alerts?q=summary:" + MARKER + "&status=manual", "vera", null), 200);
        assertEquals(1, found.path("total").asInt());
        assertEquals(id, found.at("/items/0/id").asText());

        ok(call("POST", "/api/alerts/" + id + "/acknowledge", "hank", null), 200);
        JsonNode acknowledged = es("GET", "/alerts-209901/_doc/" + id, null).path("_source");
        assertEquals("acknowledged", acknowledged.path("status").asText());
        assertEquals("hank", acknowledged.path("acknowledgedby").asText());
        ok(call("POST", "/api/alerts/" + id + "/unacknowledge", "hank", null), 200);
        assertFalse(es("GET", "/alerts-209901/_doc/" + id, null).path("_source").has("acknowledgedby"));
        ok(call("POST", "/api/alerts/" + id + "/assign", "hank", "{\"assignee\":\"hana\"}"), 200);
        assertEquals("hana", es("GET", "/alerts-209901/_doc/" + id, null).at("/_source/assignee").asText());

        HttpResponse<String> escalated = call("POST", "/api/alerts/" + id + "/escalate", "hana", "{\"to\":\"investigation\"}");
        JsonNode investigation = ok(escalated, 201);
        assertEquals("brute force " + MARKER, investigation.at("/source/summary").asText());
        assertEquals(id, investigation.at("/source/alerts/0").asText());
        JsonNode alert = es("GET", "/alerts-209901/_doc/" + id, null).path("_source");
        assertEquals("escalated", alert.path("status").asText());
        assertEquals(investigation.path("id").asText(), alert.at("/escalation/id").asText());
        assertEquals(200, call("GET", "/api/investigations/" + investigation.path("id").asText(), "vera", null).statusCode());
        assertTrue(error(call("POST", "/api/alerts/" + id + "/escalate", "hana", "{\"to\":\"party\"}"), 400).startsWith("to is incident or investigation"));
        assertEquals("no alert nope", error(call("POST", "/api/alerts/nope/acknowledge", "hank", null), 404));
        assertEquals("POST /api/alerts/{id}/replay needs the role admin; hank has handler", error(call("POST", "/api/alerts/" + id + "/replay", "hank", null), 403));
        JsonNode replayed = ok(call("POST", "/api/alerts/" + id + "/replay", "admin", null), 200);
        assertEquals(id, replayed.path("alert").asText());
        assertTrue(replayed.toString(), replayed.path("actions").isArray());
        assertEquals("no alert nope", error(call("POST", "/api/alerts/nope/replay", "admin", null), 404));
    }

    @Test
    public void mozdefRoutesKeepTheirShapes() throws Exception {
        String id = alert("triage " + MARKER);
        assertEquals("{\"error\":null}", call("POST", "/alertstatus", "hank",
                "{\"alert\":\"" + id + "\",\"status\":\"acknowledged\",\"identityConfidence\":\"high\",\"response\":\"yes\",\"user\":{\"email\":\"t@example.com\",\"slack\":\"tester\"}}").body());
        JsonNode alert = es("GET", "/alerts-209901/_doc/" + id, null).path("_source");
        assertEquals("triagebot", alert.path("acknowledgedby").asText());
        assertEquals("tester", alert.at("/details/triage/user/slack").asText());
        assertEquals("Status not one of manual, inProgress, acknowledged, escalated", error(call("POST", "/alertstatus", "hank", "{\"alert\":\"" + id + "\",\"status\":\"gone\"}"), 400));
        assertEquals("Alert not found", error(call("POST", "/alertstatus", "hank", "{\"alert\":\"nope\",\"status\":\"manual\"}"), 400));

        String chain = "?alert=label-" + MARKER + "&user=tester%40example.com";
        assertEquals(404, call("GET", "/alerttriagechain" + chain, "vera", null).statusCode());
        ok(call("POST", "/alerttriagechain", "hank", "{\"alert\":\"label-" + MARKER + "\",\"user\":\"tester@example.com\",\"identifiers\":[\"a1\"]}"), 200);
        assertEquals(409, call("POST", "/alerttriagechain", "hank", "{\"alert\":\"label-" + MARKER + "\",\"user\":\"tester@example.com\",\"identifiers\":[\"a1\"]}").statusCode());
        ok(call("PUT", "/alerttriagechain", "hank", "{\"alert\":\"label-" + MARKER + "\",\"user\":\"tester@example.com\",\"identifiers\":[\"a2\",\"a1\"]}"), 200);
        JsonNode read = ok(call("GET", "/alerttriagechain" + chain, "vera", null), 200);
        assertEquals("[\"a1\",\"a2\"]", read.path("identifiers").toString());
        assertTrue(read.path("error").isNull());
        ok(call("DELETE", "/alerttriagechain", "hank", "{\"alert\":\"label-" + MARKER + "\",\"user\":\"tester@example.com\"}"), 200);
        assertEquals(404, call("GET", "/alerttriagechain" + chain, "vera", null).statusCode());

        String address = "198.51.100." + (1 + (int) (Math.random() * 250));
        JsonNode blocked = ok(call("POST", "/blockip", "hank", "[{\"IPBlockList\":true},{\"ipaddress\":\"" + address + "\"},{\"duration\":\"12hr\"},{\"comment\":\"" + MARKER + "\"}]"), 200);
        assertEquals(address, blocked.at("/blocked/ipaddress").asText());
        String published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/blocklist/ip.txt")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(published, published.contains(address + "\n"));
        assertTrue(error(call("POST", "/blockip", "hank", "{\"ipaddress\":\"10.1.2.3\"}"), 400).contains("private"));
        assertTrue(error(call("POST", "/blockip", "hank", "{\"ipaddress\":\"" + address + "\",\"duration\":\"forever\"}"), 400).startsWith("duration 'forever'"));
        ok(call("POST", "/blockfqdn", "hank", "{\"fqdn\":\"bad-" + MARKER + ".example.com\",\"duration\":\"1d\"}"), 200);

        ok(call("POST", "/watchitem", "hank", "[{\"watchcontent\":\"watch-" + MARKER + "\"},{\"duration\":\"1d\"},{\"comment\":\"c\"}]"), 200);
        JsonNode watched = ok(call("GET", "/getwatchlist", "vera", null), 200);
        assertTrue(watched.toString(), watched.toString().contains("\"watchcontent\":\"watch-" + MARKER + "\""));

        JsonNode incident = ok(call("POST", "/incident", "hank", "{\"summary\":\"mozdef " + MARKER + "\",\"phase\":\"Identification\",\"dateOpened\":\"2017-03-01 09:30 PM\"}"), 200);
        assertEquals("success", incident.path("status").asText());
        assertEquals("2017-03-01T21:30:00Z", es("GET", "/incidents/_doc/" + incident.path("id").asText(), null).at("/_source/dateOpened").asText());

        JsonNode plugins = ok(call("GET", "/plugins", "vera", null), 200);
        assertTrue(plugins.toString(), plugins.toString().contains("\"name\":\"broFixup\""));
    }

    /** The lines of a live stream, read on their own thread until the test closes it. */
    private static final class Stream implements AutoCloseable {
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> answer;
        /** Done when the server ended the stream. */
        final CompletableFuture<Void> ended;

        Stream(String user, String query) {
            this(query, "Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(user)).getBytes(StandardCharsets.UTF_8)));
        }

        Stream(String query, String... headers) {
            answer = https.sendAsync(HttpRequest.newBuilder(URI.create(rest + "/api/stream" + query)).headers(headers).build(), HttpResponse.BodyHandlers.ofLines());
            ended = answer.thenAcceptAsync(response -> response.body().forEach(lines::add));
        }

        /** The data of the first {@code event} whose data contains {@code text}, within five seconds. */
        JsonNode await(String event, String text) {
            return await(event, text, 5);
        }

        JsonNode await(String event, String text, int seconds) {
            JsonNode[] found = new JsonNode[1];
            org.awaitility.Awaitility.await().atMost(seconds, SECONDS).until(() -> {
                for (int i = 0; i + 1 < lines.size(); i++) {
                    if (lines.get(i).equals("event: " + event) && lines.get(i + 1).contains(text)) {
                        found[0] = JSON.readTree(lines.get(i + 1).substring("data: ".length()));
                        return true;
                    }
                }
                return false;
            });
            return found[0];
        }

        @Override
        public void close() {
            answer.thenAccept(response -> response.body().close());
            answer.cancel(true);
        }
    }

    /** Anyone may post to /custom/<any name>: the metrics count 200 endpoints apart at most, the rest together. */
    @Test
    public void customEndpointsWithoutEndAddNoMetricsWithoutEnd() throws Exception {
        for (int i = 0; i < 210; i++) {
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/custom/app-" + MARKER + "-" + i))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"custom " + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(posted.body(), 200, posted.statusCode());
        }
        String text = call("GET", "/metrics", "vera", null).body();
        java.util.regex.Matcher labels = java.util.regex.Pattern.compile("(?m)^vigil_ingest_events_total\\{endpoint=\"([^\"]*)\",fate=\"indexed\"}").matcher(text);
        Set<String> endpoints = new HashSet<>();
        while (labels.find()) {
            endpoints.add(labels.group(1));
        }
        long apart = endpoints.stream().filter(endpoint -> endpoint.startsWith("app-" + MARKER)).count();
        assertTrue(apart + " endpoints apart", apart > 0 && apart <= 200);
        assertTrue(text, endpoints.contains("other"));
    }

    /**
     * A live stream opened with the console's session ends when the session does (here: signed out), within a
     * keep-alive; and one user holds eight streams at most (each is a thread), the ninth refused with the reason.
     */
    @Test
    public void aStreamEndsWithItsSessionAndAUserHoldsAFewAtMost() throws Exception {
        HttpResponse<String> signedIn = call("POST", "/api/session", null, "{\"user\":\"hana\",\"password\":\"hana-pw\"}");
        String csrf = ok(signedIn, 200).path("csrf").asText();
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String jar = cookie.substring(0, cookie.indexOf(';'));
        try (Stream stream = new Stream("", "Cookie", jar)) {
            stream.await("hello", "hana");
            ok(call("DELETE", "/api/session", null, null, "Cookie", jar, "X-CSRF-Token", csrf), 200);
            stream.ended.get(15, SECONDS);
        }
        List<Stream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Stream stream = new Stream("stella", "");
                open.add(stream);
                stream.await("hello", "stella");
            }
            assertTrue(error(call("GET", "/api/stream", "stella", null), 429).startsWith("stella has 8 live streams open already"));
        } finally {
            open.forEach(Stream::close);
        }
    }

    @Test
    public void changesAlertsAndViewersArriveLive() throws Exception {
        String incident = ok(call("POST", "/api/incidents", "hank", "{\"summary\":\"live " + MARKER + "\"}"), 201).path("id").asText();
        try (Stream hank = new Stream("hank", "")) {
            hank.await("hello", "hank");
            try (Stream hana = new Stream("hana", "?incident=" + incident)) {
                assertEquals("[\"hana\"]", hank.await("presence", incident).path("viewers").toString());
                long sent = System.nanoTime();
                ok(call("PATCH", "/api/incidents/" + incident, "hana", "{\"phase\":\"Eradication\"}", "If-Match",
                        ok(call("GET", "/api/incidents/" + incident, "hana", null), 200).path("version").asText()), 200);
                assertEquals("Eradication", hank.await("incident", incident).at("/source/phase").asText());
                assertTrue("an edit reached the other handler's stream within a second", System.nanoTime() - sent < 1_000_000_000L);
                String id = "live-" + UUID.randomUUID();
                es("PUT", "/alerts-209901/_doc/" + id + "?refresh=true", JSON.createObjectNode().put("utctimestamp", java.time.Instant.now().toString())
                        .put("summary", "raised live " + MARKER).put("severity", "WARNING").put("status", "manual").toString());
                assertEquals(id, hana.await("alert", "raised live " + MARKER).path("id").asText());
                ok(call("POST", "/api/alerts/" + id + "/acknowledge", "hank", null), 200);
                assertEquals("hank", hana.await("alert", "\"acknowledgedby\":\"hank\"").at("/source/acknowledgedby").asText());
            }
            // A closed page is noticed at the next keep-alive write.
            assertEquals("[]", hank.await("presence", "\"viewers\":[]", 15).path("viewers").toString());
        }
    }

    @Test
    public void metricsCountThePipelineAndTheWork() throws Exception {
        String category = "metrics" + MARKER;
        for (int i = 0; i < 3; i++) {
            assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"counted " + MARKER + "\",\"category\":\"" + category + "\",\"source\":\"src" + MARKER + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        await().atMost(60, SECONDS).until(() -> ok(call("GET", "/api/metrics?q=category:" + category, "vera", null), 200).at("/events/total").asInt() == 3);
        JsonNode stats = ok(call("GET", "/api/metrics?q=category:" + category + "&window=1h", "vera", null), 200);
        assertEquals(category, stats.at("/events/byCategory/0/key").asText());
        assertEquals(3, stats.at("/events/byCategory/0/count").asInt());
        assertEquals(3.0 / 3600, stats.at("/events/byCategory/0/perSecond").asDouble(), 1e-9);
        assertEquals("src" + MARKER, stats.at("/events/bySource/0/key").asText());
        assertTrue(stats.toString(), stats.at("/events/histogram").size() >= 60);
        assertTrue(stats.toString(), stats.at("/incidents/open").isNumber() && stats.at("/alerts/bySeverity").isArray());
        assertTrue(stats.toString(), stats.at("/timeToAcknowledge/count").isNumber());
        assertTrue(error(call("GET", "/api/metrics?window=soon", "vera", null), 400).startsWith("window is a duration"));

        assertEquals(401, call("GET", "/metrics", null, null).statusCode());
        HttpResponse<String> scraped = call("GET", "/metrics", "vera", null);
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = scraped.body();
        for (String family : List.of("# TYPE vigil_ingest_events_total counter", "# TYPE vigil_plugin_events_total counter",
                "# TYPE vigil_route_exchanges_total counter", "# TYPE vigil_bulk_requests_total counter", "# TYPE vigil_rest_stream_listeners gauge")) {
            assertTrue(family + " in\n" + text, text.contains(family));
        }
        assertTrue(text, java.util.regex.Pattern.compile("(?m)^vigil_ingest_events_total\\{endpoint=\"events\",fate=\"indexed\"} [1-9]").matcher(text).find());
        assertTrue(text, java.util.regex.Pattern.compile("(?m)^vigil_route_exchanges_total\\{route=\"http-events\",outcome=\"completed\"} [1-9]").matcher(text).find());
        // The plain events above match no plugin's registration: each deployed plugin is listed, with its count.
        assertTrue(text, java.util.regex.Pattern.compile("(?m)^vigil_plugin_events_total\\{plugin=\"broFixup\"} \\d+$").matcher(text).find());
    }

    @Test
    public void eventsAreSearchedAndPagedWithoutRepeats() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"event " + i + " " + MARKER + "\",\"hostname\":\"host" + (i % 2) + "\",\"category\":\"paging\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode());
        }
        await().atMost(60, SECONDS).until(() -> ok(call("GET", "/api/events?q=summary:" + MARKER, "vera", null), 200).path("total").asInt() == 5);
        JsonNode page = ok(call("GET", "/api/events?q=summary:" + MARKER + "&category=paging&size=2&facets=hostname&histogram=1h&fields=summary,hostname", "vera", null), 200);
        Set<String> seen = new HashSet<>();
        int pages = 0;
        assertEquals(2, page.path("aggregations").path("hostname").size());
        assertEquals(5, page.at("/aggregations/histogram/0/count").asInt() + page.at("/aggregations/histogram/1/count").asInt(0));
        assertFalse(page.at("/items/0/source").has("mozdefhostname"));
        while (true) {
            pages++;
            page.path("items").forEach(item -> assertTrue("seen twice: " + item, seen.add(item.path("id").asText())));
            if (page.path("next").isNull()) {
                break;
            }
            page = ok(call("GET", "/api/events?q=summary:" + MARKER + "&size=2&after=" + page.path("next").asText(), "vera", null), 200);
        }
        assertEquals(5, seen.size());
        assertEquals(3, pages);
        JsonNode item = ok(call("GET", "/api/events?q=summary:" + MARKER + "&size=1", "vera", null), 200).at("/items/0");
        assertEquals(item.path("id").asText(), ok(call("GET", "/api/events/" + item.path("index").asText() + "/" + item.path("id").asText(), "vera", null), 200).path("id").asText());
        assertTrue(error(call("GET", "/api/events?size=5000", "vera", null), 400).startsWith("size must be from 0 to 1000"));
        assertTrue(error(call("GET", "/api/events?after=garbage", "vera", null), 400).startsWith("after is the next of a page"));
        assertTrue(error(call("GET", "/api/events?q=" + URLEncoder.encode("summary:(", StandardCharsets.UTF_8), "vera", null), 400).startsWith("Elasticsearch refused the search"));
    }
}
