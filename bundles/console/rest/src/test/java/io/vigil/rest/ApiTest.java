package io.vigil.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiTest {

    /** Users of the test: each password is the name. */
    private final Authenticator users = (name, password, address) -> new String(password).equals(name) ? Optional.of(new User(name, switch (name) {
        case "vera" -> Role.VIEWER;
        case "hank" -> Role.HANDLER;
        case "ada" -> Role.ADMIN;
        default -> null;
    })) : Optional.empty();
    private final Sessions sessions = new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), true, Clock.systemUTC(), user -> user);
    /** The audit trail's records, as they would be written to Elasticsearch. */
    private final List<ObjectNode> audited = new ArrayList<>();
    private final AuditTrail audit = new AuditTrail((index, id, record) -> audited.add(record.put("index", index)), Clock.systemUTC());
    private final Api api = new Api(users, sessions, audit)
            .route("GET", "/status", null, "open", call -> Reply.text(200, "up"))
            .route("GET", "/api/things/{id}", Role.VIEWER, "read", call -> Reply.text(200, call.user().name() + " read " + call.parameter("id")))
            .route("POST", "/api/things/{id}", Role.HANDLER, "write", call -> Reply.ok(call.object()))
            .route("GET", "/api/broken", Role.VIEWER, "broken", call -> {
                throw new IllegalStateException("secret detail");
            })
            .route("GET", "/api/offline", Role.VIEWER, "offline", call -> {
                throw new IOException("connection refused");
            });

    {
        new SessionRoutes(users, sessions, false, audit).register(api);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Reply get(String path, Map<String, String> headers) {
        return api.handle("GET", path, null, headers, null, "192.0.2.1");
    }

    @Test
    void openRoutesNeedNoSignInAndTrailingSlashesDoNotMatter() {
        assertEquals("up", get("/status/", Map.of()).body());
    }

    @Test
    void signInIsRequiredAndChecked() {
        Reply none = get("/api/things/1", Map.of());
        assertEquals(401, none.status());
        assertTrue(none.headers().get("WWW-Authenticate").startsWith("Basic realm=\"Vigil\""));
        assertEquals(401, get("/api/things/1", Map.of("Authorization", basic("vera", "wrong"))).status());
        assertEquals("{\"error\":\"wrong user name or password\"}", get("/api/things/1", Map.of("Authorization", basic("vera", "wrong"))).body());
        assertEquals(401, get("/api/things/1", Map.of("Authorization", "Basic %%%")).status());
        assertEquals(401, get("/api/things/1", Map.of("Authorization", "Bearer abc")).status());
        assertEquals("vera read a b", get("/api/things/a%20b", Map.of("authorization", basic("vera", "vera"))).body());
    }

    @Test
    void rolesAreEnforced() {
        Reply viewer = api.handle("POST", "/api/things/1", null, Map.of("Authorization", basic("vera", "vera")), "{}", "192.0.2.1");
        assertEquals(403, viewer.status());
        assertEquals("{\"error\":\"POST /api/things/{id} needs the role handler; vera has viewer\"}", viewer.body());
        assertEquals(200, api.handle("POST", "/api/things/1", null, Map.of("Authorization", basic("ada", "ada")), "{\"a\":1}", "192.0.2.1").status());
        Reply roleless = get("/api/things/1", Map.of("Authorization", basic("nobody", "nobody")));
        assertEquals(403, roleless.status());
        assertTrue(roleless.body().contains("none of Vigil's roles"), roleless.body());
    }

    @Test
    void unknownRoutesAndMethodsAndBadBodiesAreTheCallersErrors() {
        String hank = basic("hank", "hank");
        assertEquals(404, get("/api/nothing", Map.of("Authorization", hank)).status());
        Reply wrongMethod = api.handle("DELETE", "/api/things/1", null, Map.of("Authorization", hank), null, "192.0.2.1");
        assertEquals(405, wrongMethod.status());
        assertEquals("GET, POST", wrongMethod.headers().get("Allow"));
        Reply notJson = api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank), "{nope", "192.0.2.1");
        assertEquals(400, notJson.status());
        assertTrue(notJson.body().startsWith("{\"error\":\"the body is not JSON"), notJson.body());
        assertEquals(400, api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank), "[1]", "192.0.2.1").status());
        assertEquals(400, api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank), "", "192.0.2.1").status());
    }

    @Test
    void crossSiteStateChangesAreRefused() {
        String hank = basic("hank", "hank");
        assertEquals(403, api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank, "Origin", "https://evil.example", "Host", "vigil:8781"), "{}", "192.0.2.1").status());
        assertEquals(403, api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank, "Sec-Fetch-Site", "cross-site"), "{}", "192.0.2.1").status());
        assertEquals(403, api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank, "Origin", "null", "Host", "vigil:8781"), "{}", "192.0.2.1").status());
        assertEquals(200, api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank, "Origin", "https://vigil:8781", "Host", "vigil:8781"), "{}", "192.0.2.1").status());
        assertEquals(200, api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank), "{}", "192.0.2.1").status());
        // The same host is another origin under another scheme or port (this API is served over HTTPS here).
        for (String other : new String[] {"http://vigil:8781", "https://vigil", "https://vigil:8782", "https://vigil.evil.example:8781"}) {
            Reply refused = api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank, "Origin", other, "Host", "vigil:8781"), "{}", "192.0.2.1");
            assertEquals(403, refused.status(), other);
            assertEquals("{\"error\":\"cross-site request refused: origin " + other + " is not https://vigil:8781\"}", refused.body());
        }
        assertEquals(200, api.handle("POST", "/api/things/1", null, Map.of("Authorization", hank, "Origin", "https://VIGIL:443", "Host", "vigil"), "{}", "192.0.2.1").status());
        // Behind a proxy that ends TLS, the scheme the browser used is the one the proxy forwards.
        Map<String, String> proxied = Map.of("Authorization", hank, "Origin", "https://vigil.example", "Host", "vigil.example", "X-Forwarded-Proto", "https");
        Sessions plain = new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), false, Clock.systemUTC(), user -> user);
        Api behindProxy = new Api(users, plain, audit).route("POST", "/api/things/{id}", Role.HANDLER, "write", call -> Reply.ok(call.object()));
        assertEquals(200, behindProxy.handle("POST", "/api/things/1", null, proxied, "{}", "192.0.2.1").status());
        assertEquals(403, behindProxy.handle("POST", "/api/things/1", null, Map.of("Authorization", hank, "Origin", "https://vigil.example", "Host", "vigil.example"), "{}",
                "192.0.2.1").status());
    }

    @Test
    void openIdConnectBuildsItsCallbackOnlyFromALoopbackHost() {
        // No provider answers at port 1: how far a sign-in gets tells whether the callback was accepted.
        Oidc.Settings settings = new Oidc.Settings("http://127.0.0.1:1", "vigil", "", "", "openid", "email", "groups", Map.of(), Role.VIEWER);
        Api oidc = new Api(users, sessions, audit);
        new Oidc(settings, sessions, audit, Clock.systemUTC()).register(oidc);
        Reply named = oidc.handle("GET", "/api/session/oidc", null, Map.of("Host", "vigil.example:8781"), null, "192.0.2.1");
        assertEquals(503, named.status());
        assertEquals("{\"error\":\"OpenID Connect sign-in through vigil.example:8781 needs oidcRedirectUri in etc/io.vigil.rest.cfg (VIGIL_OIDC_REDIRECT_URI):"
                + " the callback URL registered at the provider\"}", named.body());
        for (String loopback : new String[] {"localhost:8781", "127.0.0.1:8781", "[::1]:8781", "LOCALHOST"}) {
            Reply local = oidc.handle("GET", "/api/session/oidc", null, Map.of("Host", loopback), null, "192.0.2.1");
            assertTrue(local.body().contains("discovery document"), loopback + ": " + local.body());
        }
    }

    /** Every change goes into the audit trail, done or refused, with who, from where and what was sent (no secret). */
    @Test
    void changesAreAudited() {
        api.handle("POST", "/api/things/7", null, Map.of("Authorization", basic("hank", "hank")), "{\"note\":\"n\",\"auth\":{\"password\":\"p\"}}", "192.0.2.9");
        api.handle("POST", "/api/things/8", null, Map.of("Authorization", basic("vera", "vera")), "{}", "192.0.2.10");
        get("/api/things/1", Map.of("Authorization", basic("vera", "vera")));
        assertEquals(2, audited.size(), "reads are not audited: " + audited);
        ObjectNode done = audited.get(0);
        assertEquals("hank", done.path("user").asText());
        assertEquals("handler", done.path("role").asText());
        assertEquals("192.0.2.9", done.path("address").asText());
        assertEquals("POST /api/things/{id}", done.path("action").asText());
        assertEquals("/api/things/7", done.path("path").asText());
        assertEquals("7", done.path("target").path("id").asText());
        assertEquals(200, done.path("status").asInt());
        assertEquals("success", done.path("outcome").asText());
        assertEquals("basic", done.path("how").asText());
        assertEquals("{\"note\":\"n\",\"auth\":{\"password\":\"(removed)\"}}", done.path("details").toString());
        assertTrue(done.path("index").asText().matches("audit-\\d{6}"), done.toString());
        ObjectNode refused = audited.get(1);
        assertEquals("vera", refused.path("user").asText());
        assertEquals(403, refused.path("status").asInt());
        assertEquals("failure", refused.path("outcome").asText());
        assertEquals("POST /api/things/{id} needs the role handler; vera has viewer", refused.path("reason").asText());
    }

    @Test
    void failuresAnswerWithoutTheirInsides() {
        String vera = basic("vera", "vera");
        Reply broken = get("/api/broken", Map.of("Authorization", vera));
        assertEquals(500, broken.status());
        assertTrue(!broken.body().contains("secret detail") && broken.body().contains("logged with reference"), broken.body());
        assertEquals(503, get("/api/offline", Map.of("Authorization", vera)).status());
    }

    @Test
    void theConsolesSessionSignsInAndItsChangesNeedTheCsrfToken() throws Exception {
        Reply signedIn = api.handle("POST", "/api/session", null, Map.of(), "{\"user\":\"hank\",\"password\":\"hank\"}", "192.0.2.1");
        assertEquals(200, signedIn.status());
        String cookie = signedIn.headers().get("Set-Cookie");
        assertTrue(cookie.startsWith("vigil_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"), cookie);
        String session = cookie.substring(0, cookie.indexOf(';'));
        String csrf = new ObjectMapper().readTree(signedIn.body()).path("csrf").asText();
        assertEquals(43, csrf.length());

        assertEquals("hank read 1", get("/api/things/1", Map.of("Cookie", "theme=dark; " + session)).body());
        Reply noToken = api.handle("POST", "/api/things/1", null, Map.of("Cookie", session), "{}", "192.0.2.1");
        assertEquals(403, noToken.status());
        assertTrue(noToken.body().contains("CSRF"), noToken.body());
        assertEquals(403, api.handle("POST", "/api/things/1", null, Map.of("Cookie", session, "X-CSRF-Token", "guess"), "{}", "192.0.2.1").status());
        assertEquals(200, api.handle("POST", "/api/things/1", null, Map.of("Cookie", session, "X-CSRF-Token", csrf), "{}", "192.0.2.1").status());

        assertEquals(200, api.handle("DELETE", "/api/session", null, Map.of("Cookie", session, "X-CSRF-Token", csrf), null, "192.0.2.1").status());
        Reply ended = get("/api/things/1", Map.of("Cookie", session));
        assertEquals(401, ended.status());
        assertEquals("{\"error\":\"the session has ended: sign in again\"}", ended.body());
        assertTrue(ended.headers().get("WWW-Authenticate") == null, "no Basic challenge for the console");
        assertEquals(401, api.handle("POST", "/api/session", null, Map.of(), "{\"user\":\"hank\",\"password\":\"nope\"}", "192.0.2.1").status());
        assertEquals(403, api.handle("POST", "/api/session", null, Map.of(), "{\"user\":\"nobody\",\"password\":\"nobody\"}", "192.0.2.1").status());
        assertEquals(400, api.handle("POST", "/api/session", null, Map.of(), "{\"user\":\"hank\"}", "192.0.2.1").status());
    }

    @Test
    void theOpenApiDocumentListsEveryRoute() {
        var doc = OpenApi.of(api, "1.0");
        assertEquals("viewer", doc.path("paths").path("/api/things/{id}").path("get").path("x-vigil-role").asText());
        assertEquals("id", doc.path("paths").path("/api/things/{id}").path("post").path("parameters").path(0).path("name").asText());
        assertEquals(JsonNodeFactory.instance.arrayNode(), doc.path("paths").path("/status").path("get").path("security"));
    }
}
