package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An instance of Vigil driven through {@code ./vigil}, as a user drives it: its own state folder under
 * {@code target/} and ports of its own, so tests never meet a developer's instance or each other.
 */
final class VigilInstance {

    static final Path HOME = Path.of(System.getProperty("vigil.home", "..")).toAbsolutePath().normalize();

    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Random RANDOM = new Random();

    record Result(int exit, String out) {
    }

    final Path var;
    final Map<String, String> environment = new HashMap<>();

    VigilInstance(String name) {
        this.var = Path.of("target", name + "-var").toAbsolutePath();
        environment.put("VIGIL_VAR", var.toString());
        for (String port : List.of("VIGIL_ES_PORT", "VIGIL_ES_TRANSPORT_PORT", "VIGIL_HTTP_PORT", "VIGIL_REST_PORT", "VIGIL_SSH_PORT",
                "VIGIL_JMX_REGISTRY_PORT", "VIGIL_JMX_SERVER_PORT")) {
            environment.put(port, Integer.toString(freePort()));
        }
    }

    /** The Elasticsearch of the test services when ./vigil test passes one, so this instance starts none. */
    VigilInstance withServicesElasticsearch() {
        String url = System.getProperty("vigil.es.url", "");
        if (!url.isBlank() && !url.startsWith("${")) {
            environment.put("VIGIL_ES_URL", url);
        }
        return this;
    }

    String esUrl() {
        return environment.getOrDefault("VIGIL_ES_URL", "http://127.0.0.1:" + environment.get("VIGIL_ES_PORT"));
    }

    String httpUrl() {
        return environment.getOrDefault("VIGIL_HTTP_SCHEME", "http") + "://127.0.0.1:" + environment.get("VIGIL_HTTP_PORT");
    }

    /** From a clean state folder, {@code ./vigil run}; fails the test with the script's output if it does not reach healthy. */
    VigilInstance start() throws IOException, InterruptedException {
        clean();
        Result run = vigil("run");
        if (run.exit() != 0) {
            throw new AssertionError("./vigil run failed:\n" + run.out());
        }
        return this;
    }

    /** {@code ./vigil stop}, for an instance that may not have started. */
    static void stop(VigilInstance instance) throws IOException, InterruptedException {
        if (instance != null) {
            instance.vigil("stop");
        }
    }

    /** Kills the container's JVM with SIGKILL, as a crash would, and waits until it is gone; @return its pid. */
    long kill() throws IOException, InterruptedException {
        long pid = new ObjectMapper().readTree(vigil("status", "--json").out()).at("/karaf/pid").asLong();
        new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start().waitFor();
        await().atMost(30, SECONDS).until(() -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
        return pid;
    }

    void clean() throws IOException {
        if (Files.exists(var)) {
            try (Stream<Path> walk = Files.walk(var)) {
                walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    Result vigil(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("vigil").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
        // What the developer's shell may set must not leak into the instance under test.
        builder.environment().keySet().removeIf(key -> key.startsWith("VIGIL_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), out);
    }

    /**
     * Adds users to the running container's users file, in clear ({@code name = password, role} lines), once the
     * container has read it at start (it then replaces clear passwords by hashes, rewriting the file: a line added
     * before that would be lost). The container reads the file again at the next sign-in.
     */
    void addUsers(String lines) throws IOException {
        Path file = var.resolve("vigil.users");
        await().atMost(60, SECONDS).until(() -> Files.readAllLines(file).stream().filter(line -> line.contains("=") && !line.startsWith("#"))
                .allMatch(line -> line.replaceFirst("^[^=]*=\\s*", "").startsWith("{PBKDF2}")));
        Files.writeString(file, lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Waits (a minute at most) until something accepts TCP connections on 127.0.0.1:{@code port}. */
    static void awaitListening(int port) {
        await().atMost(60, SECONDS).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    /**
     * A port free now and not handed out before in this JVM, from 20000–31999: below Linux's ephemeral range
     * (32768–60999), where every outgoing connection of the machine takes its local port, and where a port picked by
     * {@code bind(0)} was once taken by a connection before the container bound it (SyslogIT's REST port). Not handed out
     * twice: a run once got the same port for its Elasticsearch and its SSH console.
     */
    static synchronized int freePort() {
        while (true) {
            int port = 20000 + RANDOM.nextInt(12000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                // Taken: another.
            }
        }
    }
}
