package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Result;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The official Elasticsearch clients, unchanged, against Vigil's HTTP input: the Java client 9.x (on the suite's class
 * path) and 8.x (resolved by Maven and run in a JVM of its own: both cannot share one class path), from Maven Central,
 * and the Node.js client (8.x, from npm, installed here with the machine's npm). Every document is then counted by id
 * in Elasticsearch, none twice.
 */
public class ElasticsearchClientsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int DOCUMENTS = 5000;
    private static VigilInstance vigil;
    private static ElasticsearchClient client;

    private final String marker = "m" + UUID.randomUUID().toString().replace("-", "");

    @BeforeClass
    public static void start() throws Exception {
        vigil = new VigilInstance("clients").withServicesElasticsearch().start();
        client = ElasticsearchClient.of(config -> config.host(vigil.httpUrl()));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        VigilInstance.stop(vigil);
    }

    @Test
    public void theJavaClientWritesAndKnowsWhatIsStored() throws Exception {
        assertEquals("vigil", client.info().clusterName());
        try (BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client).maxOperations(1000).flushInterval(1, TimeUnit.SECONDS))) {
            for (int i = 0; i < DOCUMENTS; i++) {
                String id = marker + "-" + i;
                Map<String, Object> document = Map.of("message", "java " + marker + " " + i);
                ingester.add(op -> op.create(c -> c.index("logs-java").id(id).document(document)));
            }
        }
        assertEquals(Result.Created, client.index(i -> i.index("logs-java").id(marker + "-single").document(Map.of("message", "java " + marker + " single")))
                .result());
        ElasticsearchException conflict = assertThrows(ElasticsearchException.class,
                () -> client.create(c -> c.index("logs-java").id(marker + "-0").document(Map.of("message", "replacement"))));
        assertEquals(409, conflict.status());
        assertEquals("version_conflict_engine_exception", conflict.error().type());
        BulkResponse mixed = client.bulk(b -> b
                .operations(op -> op.create(c -> c.index("logs-java").id(marker + "-1").document(Map.of("message", "replacement"))))
                .operations(op -> op.index(c -> c.index("logs-java").document(Map.of("message", "java " + marker + " mixed"))))
                .operations(op -> op.delete(d -> d.index("logs-java").id(marker + "-2"))));
        assertTrue(mixed.errors());
        assertEquals(List.of(409, 201, 400), mixed.items().stream().map(item -> item.status()).toList());
        awaitCount("summary:" + marker, DOCUMENTS + 2);
        assertEquals("java " + marker + " 0", summary(marker + "-0"));
    }

    @Test
    public void theNodeClientsBulkHelperWritesEveryDocumentOnce() throws Exception {
        Path clients = unpack("node-clients", "clients/", "node-bulk.mjs");
        if (!Files.isDirectory(clients.resolve("node_modules/@elastic/elasticsearch"))) {
            run(clients, "npm", "install", "--no-audit", "--no-fund", "--prefix", clients.toString(), "@elastic/elasticsearch@8.19");
        }
        int documents = 20_000;
        JsonNode seen = JSON.readTree(run(clients, "node", "node-bulk.mjs", vigil.httpUrl(), marker, Integer.toString(documents)));
        assertEquals(seen.toString(), documents, seen.path("total").asInt());
        assertEquals(seen.toString(), documents, seen.path("successful").asInt());
        assertEquals(seen.toString(), 0, seen.path("failed").asInt());
        assertEquals(seen.toString(), "created", seen.path("single").asText());
        assertEquals(seen.toString(), 409, seen.at("/conflict/status").asInt());
        assertEquals(seen.toString(), "version_conflict_engine_exception", seen.at("/conflict/type").asText());
        awaitCount("summary:" + marker, documents + 1);
        assertEquals("node " + marker + " 0", summary(marker + "-0"));
    }

    @Test
    public void theJavaClientOfEightWritesToo() throws Exception {
        Path project = unpack("java-client-8", "clients/java-client-8/", "pom.xml", "JavaClient8.java");
        Path classpath = project.resolve("classpath.txt");
        // Maven with the build's repository, so the client comes from where the build's dependencies do.
        run(project, "mvn", "-B", "-q", "dependency:build-classpath", "-Dmdep.outputFile=" + classpath,
                "-Dmaven.repo.local=" + System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        JsonNode seen = JSON.readTree(run(project, java, "-cp", Files.readString(classpath).trim(), "JavaClient8.java", vigil.httpUrl(), marker,
                Integer.toString(DOCUMENTS)));
        assertTrue(seen.toString(), seen.path("version").asText().startsWith("8."));
        assertEquals(seen.toString(), DOCUMENTS, seen.path("created").asInt());
        assertEquals(seen.toString(), "created", seen.path("single").asText());
        assertEquals(seen.toString(), 409, seen.path("conflict").asInt());
        awaitCount("summary:" + marker, DOCUMENTS + 1);
        assertEquals("java8 " + marker + " 0", summary(marker + "-0"));
    }

    /** {@code files} of the test resources' {@code from} in {@code target/<folder>}, which a client's program runs in. */
    private static Path unpack(String folder, String from, String... files) throws IOException {
        Path target = Files.createDirectories(Path.of("target", folder).toAbsolutePath());
        for (String file : files) {
            try (var in = ElasticsearchClientsIT.class.getResourceAsStream("/" + from + file)) {
                Files.copy(in, target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    /** The last line a command printed; its output in the failure when it fails. */
    private static String run(Path directory, String... command) throws IOException, InterruptedException {
        // Output to a file, not read from a pipe before waiting: a command that hangs (npm retrying a registry it cannot
        // verify) then fails the test after the timeout instead of hanging the suite.
        Path log = Files.createTempFile(directory, "run", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(String.join(" ", command) + " did not finish in 10 minutes:\n" + out, finished);
        assertEquals(String.join(" ", command) + ":\n" + out, 0, process.exitValue());
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static void awaitCount(String query, long count) {
        await().atMost(60, SECONDS).until(() -> {
            HttpResponse<String> counted = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events/_count?q="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(counted.body()).path("count").asLong();
        }, found -> found == count);
    }

    private static String summary(String id) throws IOException, InterruptedException {
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events/_search?q="
                + URLEncoder.encode("_id:\"" + id + "\"", StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(found.body()).at("/hits/hits/0/_source/summary").asText();
    }
}
