package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.junit.After;
import org.junit.Test;

/**
 * End to end: {@code ./vigil run} from a state folder that does not exist yet (as on a fresh checkout) fetches and
 * starts Elasticsearch, starts the container and reports healthy; {@code ./vigil stop} leaves no process behind.
 * Runs on ports of its own so it never meets a developer's instance or the test services.
 */
public class VigilScriptIT {

    private final VigilInstance instance = new VigilInstance("e2e");

    @After
    public void stopWhateverIsLeft() throws Exception {
        vigil("stop");
    }

    @Test
    public void runReachesHealthyAndStopLeavesNothing() throws Exception {
        instance.clean();

        VigilInstance.Result run = vigil("run");
        assertEquals(run.out(), 0, run.exit());
        assertTrue(run.out(), run.out().contains("Vigil is up"));

        VigilInstance.Result status = vigil("status", "--json");
        assertEquals(status.out(), 0, status.exit());
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertTrue(status.out(), json.path("healthy").asBoolean());
        assertTrue(status.out(), json.path("elasticsearch").path("healthy").asBoolean());
        assertTrue(status.out(), json.path("karaf").path("healthy").asBoolean());
        assertTrue(status.out(), json.path("karaf").path("rss_mb").asInt() > 0);
        assertTrue(status.out(), json.path("karaf").path("last_start_s").asInt() > 0);
        long karafPid = json.path("karaf").path("pid").asLong();
        long esPid = json.path("elasticsearch").path("pid").asLong();

        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(json.path("endpoints").path("http_input").asText() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals("{\"status\": \"ok\", \"service\": \"loginput\"}", answer.body());

        Path password = instance.var.resolve("admin-password");
        assertTrue(Files.size(password) >= 16);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
        assertFalse("the default karaf/karaf login must not exist",
                Files.readString(instance.var.resolve("karaf/etc/users.properties")).contains("karaf = karaf"));
        // The shell's password and the configuration Karaf keeps with every ${env:...} resolved are this user's only.
        List<String> shared = new ArrayList<>();
        int configurations = 0;
        for (String folder : List.of("etc", "data")) {
            try (Stream<Path> files = Files.walk(instance.var.resolve("karaf").resolve(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file);
                    configurations += file.getFileName().toString().endsWith(".config") ? 1 : 0;
                    if (modes.contains(PosixFilePermission.OTHERS_READ) || modes.contains(PosixFilePermission.GROUP_READ)) {
                        shared.add(file + " " + PosixFilePermissions.toString(modes));
                    }
                }
            }
        }
        assertTrue("the configuration cache is there to check", configurations > 10);
        assertEquals("readable by others", List.of(), shared);

        // The Karaf shell and JMX take Vigil's administrators with their Vigil password (realm vigil, salted hashes);
        // Karaf's own realm, where an unsalted hash of that password once opened the shell, holds no one.
        String secret = Files.readString(password).strip();
        instance.addUsers("hank = handlers-pw, handler\n");
        assertEquals("root", shell("admin", secret, "system:name").strip());
        for (String[] refused : new String[][] {{"karaf", secret}, {"hank", "handlers-pw"}, {"admin", "wrong"}}) {
            assertThrows(refused[0], SshException.class, () -> shell(refused[0], refused[1], "system:name"));
        }
        assertTrue(jmxUptime("admin", secret) > 0);
        assertThrows(SecurityException.class, () -> jmxUptime("karaf", secret));

        // The container's index maintenance made tomorrow's index; ./vigil indices lists it from the shell.
        String tomorrow = "events-" + DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(ZoneOffset.UTC).plusDays(1));
        await().atMost(60, SECONDS).until(() -> vigil("indices").out().contains(tomorrow + " "));
        VigilInstance.Result dryRun = vigil("indices", "--retention", "--dry-run");
        assertEquals(dryRun.out(), 0, dryRun.exit());
        assertTrue(dryRun.out(), dryRun.out().contains("retention: nothing to do"));
        VigilInstance.Result badDay = vigil("restore", "--from", "yesterday");
        assertEquals(badDay.out(), 2, badDay.exit());
        assertTrue(badDay.out(), badDay.out().contains("a day is written 2026-11-30"));

        VigilInstance.Result second = vigil("run");
        assertNotEquals(second.out(), 0, second.exit());
        assertTrue(second.out(), second.out().contains("already running"));

        VigilInstance.Result stop = vigil("stop");
        assertEquals(stop.out(), 0, stop.exit());
        await().atMost(30, SECONDS).until(() -> !alive(karafPid) && !alive(esPid));
        VigilInstance.Result after = vigil("status", "--json");
        assertNotEquals(after.out(), 0, after.exit());
        assertFalse(after.out(), new ObjectMapper().readTree(after.out()).path("healthy").asBoolean());
    }

    @Test
    public void runRefusesABusyPortNamingItAndItsVariableAndStartsNothing() throws Exception {
        instance.clean();
        String httpPort = instance.environment.get("VIGIL_HTTP_PORT");
        try (ServerSocket squatter = new ServerSocket(Integer.parseInt(httpPort), 1, java.net.InetAddress.getLoopbackAddress())) {
            VigilInstance.Result run = vigil("run");
            assertNotEquals(run.out(), 0, run.exit());
            assertTrue(run.out(), run.out().contains("port " + httpPort + " (Vigil HTTP input) is already in use"));
            assertTrue(run.out(), run.out().contains("VIGIL_HTTP_PORT"));
        }
        JsonNode status = new ObjectMapper().readTree(vigil("status", "--json").out());
        assertTrue(status.toString(), status.path("elasticsearch").path("pid").isNull());
        assertTrue(status.toString(), status.path("karaf").path("pid").isNull());
    }

    /** A command's output in the Karaf shell over SSH, signed in as {@code user}. */
    private String shell(String user, String password, String command) throws IOException {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            int port = Integer.parseInt(instance.environment.get("VIGIL_SSH_PORT"));
            try (ClientSession session = client.connect(user, "127.0.0.1", port).verify(30, SECONDS).getSession()) {
                session.addPasswordIdentity(password);
                session.auth().verify(30, SECONDS);
                return session.executeRemoteCommand(command);
            }
        }
    }

    /** The container's uptime read over JMX, signed in as {@code user}. */
    private long jmxUptime(String user, String password) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + instance.environment.get("VIGIL_JMX_REGISTRY_PORT") + "/karaf-root");
        try (JMXConnector connector = JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}))) {
            return (Long) connector.getMBeanServerConnection().getAttribute(new ObjectName("java.lang:type=Runtime"), "Uptime");
        }
    }

    private VigilInstance.Result vigil(String... arguments) throws IOException, InterruptedException {
        return instance.vigil(arguments);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
