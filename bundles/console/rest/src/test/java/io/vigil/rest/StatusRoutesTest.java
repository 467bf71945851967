package io.vigil.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerts.Rules;
import io.vigil.sigma.rules.SigmaRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> VERA = Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("vera:vera".getBytes(StandardCharsets.UTF_8)));

    @TempDir
    Path folder;

    private static Api api(Rules rules, String taxonomy) {
        return api(rules, null, taxonomy);
    }

    private static Api api(Rules rules, SigmaRules sigma, String taxonomy) {
        Api api = new Api((name, password, address) -> new String(password).equals(name) ? Optional.of(new User(name, Role.VIEWER)) : Optional.empty(),
                new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), false, Clock.systemUTC(), user -> user),
                new AuditTrail((index, id, record) -> { }, Clock.systemUTC()));
        new StatusRoutes(null, () -> null, List::of, () -> rules, () -> sigma, taxonomy).register(api);
        return api;
    }

    private static JsonNode get(Api api, String path, int status) throws Exception {
        Reply reply = api.handle("GET", path, null, VERA, null, "192.0.2.1");
        assertEquals(status, reply.status(), reply.body());
        return JSON.readTree(reply.body());
    }

    @Test
    void theBuiltInVerisTagsAreMozdefsDottedFormWithoutComments() throws Exception {
        JsonNode taxonomy = get(api(null, ""), "/api/veris/taxonomy", 200);
        assertEquals("built-in", taxonomy.path("source").asText());
        assertTrue(taxonomy.path("tags").size() > 50);
        taxonomy.path("tags").forEach(tag -> assertTrue(tag.asText().matches("[a-z_]+\\.[A-Za-z_]+(\\.[^.#]+)+"), tag.asText()));
    }

    @Test
    void aTaxonomyFileOfOnesOwnIsReadAndAMissingOneIsSaid() throws Exception {
        Path file = folder.resolve("veris.dotformat.txt");
        Files.writeString(file, "# ours\naction.Hacking.variety.Brute force\n\n  asset.variety.Server  \n");
        JsonNode taxonomy = get(api(null, file.toString()), "/api/veris/taxonomy", 200);
        assertEquals("[\"action.Hacking.variety.Brute force\",\"asset.variety.Server\"]", taxonomy.path("tags").toString());
        JsonNode missing = get(api(null, folder.resolve("none.txt").toString()), "/api/veris/taxonomy", 503);
        assertTrue(missing.path("error").asText().startsWith("the VERIS taxonomy " + folder.resolve("none.txt") + " cannot be read"), missing.toString());
    }

    @Test
    void rulesAreListedWithTheirRunsAndAnEngineThatIsNotThereIsSaid() throws Exception {
        Instant run = Instant.parse("2026-12-01T10:00:00Z");
        Rules rules = new Rules() {
            @Override
            public List<Status> list() {
                return List.of(new Status("bruteforce_ssh", "AlertBruteforceSsh", "io.vigil.alert.mozdef!/bruteforce_ssh.yml", true, "1m", "15m", run, run, 3, 1, 0,
                        null, 42));
            }

            @Override
            public List<Refused> refused() {
                return List.of(new Refused("etc/vigil/rules/bad.yml", "bad.yml:1: no name"));
            }

            @Override
            public io.vigil.alerts.RuleRunner.Result test(String name, Instant from, Instant to) {
                throw new UnsupportedOperationException();
            }
        };
        JsonNode listed = get(api(rules, ""), "/api/rules", 200);
        assertTrue(listed.path("running").asBoolean());
        assertEquals("bruteforce_ssh", listed.at("/rules/0/name").asText());
        assertEquals("2026-12-01T10:00:00Z", listed.at("/rules/0/lastRun").asText());
        assertEquals(1, listed.at("/rules/0/alerts").asLong());
        assertTrue(listed.at("/rules/0/lastError").isNull());
        assertEquals("bad.yml:1: no name", listed.at("/refused/0/reason").asText());
        JsonNode none = get(api(null, ""), "/api/rules", 200);
        assertFalse(none.path("running").asBoolean());
        assertTrue(none.path("problem").asText().contains("not running"));
        assertFalse(none.at("/sigma/running").asBoolean());
        assertTrue(none.at("/sigma/problem").asText().contains("vigil-sigma"));
    }

    @Test
    void sigmaRulesAreListedWithTheirMappingMatchesAndRefusals() throws Exception {
        SigmaRules sigma = new SigmaRules() {
            @Override
            public String folder() {
                return "/opt/vigil/etc/vigil/sigma";
            }

            @Override
            public List<Status> list() {
                return List.of(new Status("a1", "Whoami", "high", "windows/process_creation", "windows/whoami.yml", "runs", "mappings/windows.yml", 4, 3, 1),
                        new Status("b2", "Netcat", "low", "linux/process_creation", "linux/nc.yml", "unmapped", null, 0, 0, 0));
            }

            @Override
            public List<Refused> refused() {
                return List.of(new Refused("/opt/vigil/etc/vigil/sigma/bad.yml", 7, "modifier", "unknown modifier 'sortof'"));
            }

            @Override
            public List<Switch> switches() {
                return List.of(new Switch("windows/**", false, "ada", Instant.parse("2026-12-07T10:00:00Z"), "too noisy"));
            }

            @Override
            public List<Status> turn(String target, Boolean enabled, String by, String reason) {
                throw new AssertionError("a viewer cannot switch rules");
            }
        };
        JsonNode listed = get(api(null, sigma, ""), "/api/rules", 200).path("sigma");
        assertTrue(listed.path("running").asBoolean());
        assertEquals("/opt/vigil/etc/vigil/sigma", listed.path("folder").asText());
        assertEquals("Whoami", listed.at("/rules/0/title").asText());
        assertEquals(3, listed.at("/rules/0/alerts").asLong());
        assertEquals(1, listed.at("/rules/0/throttled").asLong());
        assertTrue(listed.at("/rules/1/mapping").isNull());
        assertEquals("unmapped", listed.at("/rules/1/state").asText());
        assertEquals(7, listed.at("/refused/0/line").asInt());
        assertEquals("modifier", listed.at("/refused/0/feature").asText());
        assertEquals("too noisy", listed.at("/switches/0/reason").asText());
        assertFalse(listed.at("/switches/0/enabled").asBoolean());
        Reply viewer = api(null, sigma, "").handle("POST", "/api/rules/sigma/switches", null, VERA, "{\"target\":\"a1\",\"enabled\":true}", "192.0.2.1");
        assertEquals(403, viewer.status(), viewer.body());
    }

    @Test
    void theRootSendsABrowserToTheConsole() {
        Reply root = api(null, "").handle("GET", "/", null, Map.of(), null, "192.0.2.1");
        assertEquals(302, root.status());
        assertEquals("/ui/", root.headers().get("Location"));
    }
}
