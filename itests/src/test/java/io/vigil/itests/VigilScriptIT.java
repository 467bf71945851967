package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * End to end: {@code ./vigil run} from a state folder that does not exist yet (as on a fresh checkout) fetches and
 * starts Elasticsearch, starts the container and reports healthy; {@code ./vigil stop} leaves no process behind.
 * Runs on ports of its own so it never meets a developer's instance or the test services.
 */
public class VigilScriptIT {

    private static final Path HOME = Path.of(System.getProperty("vigil.home", "..")).toAbsolutePath().normalize();
    private static final Path VAR = Path.of("target/e2e-var").toAbsolutePath();

    private final Map<String, String> environment = Map.of(
            "VIGIL_VAR", VAR.toString(),
            "VIGIL_ES_PORT", port(), "VIGIL_ES_TRANSPORT_PORT", port(),
            "VIGIL_HTTP_PORT", port(), "VIGIL_SSH_PORT", port(),
            "VIGIL_JMX_REGISTRY_PORT", port(), "VIGIL_JMX_SERVER_PORT", port());

    record Result(int exit, String out) {
    }

    @After
    public void stopWhateverIsLeft() throws Exception {
        vigil("stop");
    }

    @Test
    public void runReachesHealthyAndStopLeavesNothing() throws Exception {
        deleteRecursively(VAR);

        Result run = vigil("run");
        assertEquals(run.out, 0, run.exit);
        assertTrue(run.out, run.out.contains("Vigil is up"));

        Result status = vigil("status", "--json");
        assertEquals(status.out, 0, status.exit);
        JsonNode json = new ObjectMapper().readTree(status.out);
        assertTrue(status.out, json.path("healthy").asBoolean());
        assertTrue(status.out, json.path("elasticsearch").path("healthy").asBoolean());
        assertTrue(status.out, json.path("karaf").path("healthy").asBoolean());
        assertTrue(status.out, json.path("karaf").path("rss_mb").asInt() > 0);
        assertTrue(status.out, json.path("karaf").path("last_start_s").asInt() > 0);
        long karafPid = json.path("karaf").path("pid").asLong();
        long esPid = json.path("elasticsearch").path("pid").asLong();

        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(json.path("endpoints").path("http_input").asText() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals("{\"status\": \"ok\", \"service\": \"loginput\"}", answer.body());

        Path password = VAR.resolve("admin-password");
        assertTrue(Files.size(password) >= 16);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
        assertFalse("the default karaf/karaf login must not exist",
                Files.readString(VAR.resolve("karaf/etc/users.properties")).contains("karaf = karaf"));

        Result second = vigil("run");
        assertNotEquals(second.out, 0, second.exit);
        assertTrue(second.out, second.out.contains("already running"));

        Result stop = vigil("stop");
        assertEquals(stop.out, 0, stop.exit);
        await().atMost(30, SECONDS).until(() -> !alive(karafPid) && !alive(esPid));
        Result after = vigil("status", "--json");
        assertNotEquals(after.out, 0, after.exit);
        assertFalse(after.out, new ObjectMapper().readTree(after.out).path("healthy").asBoolean());
    }

    @Test
    public void runRefusesABusyPortNamingItAndItsVariableAndStartsNothing() throws Exception {
        deleteRecursively(VAR);
        String httpPort = environment.get("VIGIL_HTTP_PORT");
        try (ServerSocket squatter = new ServerSocket(Integer.parseInt(httpPort), 1, java.net.InetAddress.getLoopbackAddress())) {
            Result run = vigil("run");
            assertNotEquals(run.out, 0, run.exit);
            assertTrue(run.out, run.out.contains("port " + httpPort + " (Vigil HTTP input) is already in use"));
            assertTrue(run.out, run.out.contains("VIGIL_HTTP_PORT"));
        }
        JsonNode status = new ObjectMapper().readTree(vigil("status", "--json").out);
        assertTrue(status.toString(), status.path("elasticsearch").path("pid").isNull());
        assertTrue(status.toString(), status.path("karaf").path("pid").isNull());
    }

    private Result vigil(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("vigil").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        // What the developer's shell may set must not leak into the instance under test.
        builder.environment().remove("VIGIL_ES_URL");
        builder.environment().remove("VIGIL_ADMIN_PASSWORD");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), out);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String port() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }
}
