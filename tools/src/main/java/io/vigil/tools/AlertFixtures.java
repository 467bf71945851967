package io.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerts.AlertIndex;
import io.vigil.alerts.HostNames;
import io.vigil.alerts.Rule;
import io.vigil.alerts.RuleFiles;
import io.vigil.alerts.RuleRunner;
import io.vigil.api.alert.AlertRule;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MozDef's alert vectors ({@code alert_*.json}) against Vigil's rules and its real alert engine on a real
 * Elasticsearch: the case's events go into a scratch index with Vigil's event mapping, every rule of the alert's
 * rule file runs with the clock frozen at the case's {@code now}, and the first alert raised is compared with the
 * expectation; then MozDef's own checks: the alert is stored, and each of its events carries
 * {@code alert_names == [classname]} and a reference to the alert.
 */
final class AlertFixtures {

    /** Where rule bundles keep their rule files. */
    static final String RULES = "META-INF/vigil/rules";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CASES = new AtomicInteger();
    /** The reverse DNS MozDef's alert tests mock: 10.2.3.4 is mock_hostname1.mozilla.org, any other address mock.mozilla.org. */
    private static final HostNames UPSTREAM_DNS = address -> Optional.of("10.2.3.4".equals(address) ? "mock_hostname1.mozilla.org" : "mock.mozilla.org");

    private final Elasticsearch elasticsearch;
    private final Map<String, List<Rule>> rules;

    /** @param elasticsearch the Elasticsearch the cases run on, or {@code null} to skip them */
    AlertFixtures(Elasticsearch elasticsearch) {
        this.elasticsearch = elasticsearch;
        this.rules = loadRules();
    }

    List<String> run(JsonNode vector) throws FixtureRunner.Unsupported {
        String alert = vector.path("alert").asText();
        List<Rule> ruleSet = rules.get(alert);
        if (ruleSet == null) {
            throw new FixtureRunner.Unsupported("alert " + alert + " not ported to a Vigil rule yet");
        }
        if (elasticsearch == null) {
            throw new FixtureRunner.Unsupported("alert cases need an Elasticsearch (-Dvigil.es.url, or ./vigil fixtures, which starts one)");
        }
        int number = CASES.incrementAndGet();
        String events = "vigil-fixture-events-" + ProcessHandle.current().pid() + "-" + number;
        String alerts = "alerts-vigil-fixture-" + ProcessHandle.current().pid() + "-" + number;
        // A rule's state indices (geomodel's localities) are the case's own too.
        String state = "vigil-fixture-state-" + ProcessHandle.current().pid() + "-" + number + "-";
        Instant now = OffsetDateTime.parse(vector.path("now").asText()).toInstant();
        try {
            createEvents(events);
            List<JsonNode> documents = new ArrayList<>();
            vector.path("events").forEach(event -> documents.add(event.path("_source")));
            index(events, documents);
            JsonNode preexisting = vector.path("preexisting_state");
            List<JsonNode> states = new ArrayList<>();
            preexisting.path("states").forEach(states::add);
            index(state + preexisting.path("index").asText(), states);
            AlertIndex index = new AlertIndex(elasticsearch);
            RuleRunner runner = new RuleRunner(index, alert1 -> alert1, published -> { }, at -> alerts, UPSTREAM_DNS, name -> state + name);
            List<ObjectNode> raised = new ArrayList<>();
            for (Rule rule : ruleSet) {
                raised.addAll(runner.run(rule, now.minus(rule.window()), now, List.of(events), false).alerts());
            }
            return check(vector, raised, events, alerts, ruleSet.get(0).classname());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            delete(events);
            delete(alerts);
            deleteStartingWith(state);
        }
    }

    private List<String> check(JsonNode vector, List<ObjectNode> raised, String events, String alerts, String classname)
            throws IOException {
        List<String> differences = new ArrayList<>();
        boolean expected = vector.path("expect_alert").asBoolean();
        if (!expected) {
            if (!raised.isEmpty()) {
                differences.add("raised " + raised.size() + " alert(s), expected none: " + raised.get(0).path("_source").path("summary").asText());
            }
            return differences;
        }
        if (raised.isEmpty()) {
            differences.add("raised no alert, expected one");
            return differences;
        }
        ObjectNode first = raised.get(0);
        JsonNode source = first.path("_source");
        for (Iterator<Map.Entry<String, JsonNode>> fields = vector.path("expect").fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode actual = source.get(field.getKey());
            if (!FixtureRunner.Expectations.equal(field.getValue(), actual == null ? JsonNodeFactory.instance.nullNode() : actual)) {
                differences.add(field.getKey() + " = " + actual + ", expected " + field.getValue());
            }
        }
        if (!vector.path("deadman").asBoolean() && vector.has("expect_event_count")
                && source.path("events").size() != vector.path("expect_event_count").asInt()) {
            differences.add("events " + source.path("events").size() + ", expected " + vector.path("expect_event_count").asInt());
        }
        String id = first.path("_id").asText();
        if (id.isEmpty() || !alerts.equals(first.path("_index").asText())) {
            differences.add("alert not stored in " + alerts + ": " + first.path("_index") + "/" + id);
        }
        for (JsonNode reference : source.path("events")) {
            JsonNode event = get(events, reference.path("documentid").asText());
            JsonNode names = event.path("_source").path("alert_names");
            if (names.size() != 1 || !classname.equals(names.path(0).asText())) {
                differences.add("event " + reference.path("documentid").asText() + " alert_names " + names + ", expected [" + classname + "]");
            }
            boolean linked = false;
            for (JsonNode link : event.path("_source").path("alerts")) {
                linked |= id.equals(link.path("id").asText()) && alerts.equals(link.path("index").asText());
            }
            if (!linked) {
                differences.add("event " + reference.path("documentid").asText() + " does not reference alert " + id);
            }
        }
        return differences;
    }

    /** The scratch index, with the mapping of Vigil's daily event indices. */
    private void createEvents(String index) throws IOException {
        JsonNode template;
        try (InputStream in = io.vigil.elasticsearch.layout.EventIndices.class.getResourceAsStream("events-template.json")) {
            template = JSON.readTree(in);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("mappings", template.path("template").path("mappings"));
        body.putObject("settings").put("number_of_shards", 1).put("number_of_replicas", 0);
        elasticsearch.ok("PUT", Elasticsearch.path(index), body);
    }

    /** The case's documents, with MozDef's relative timestamps at their absolute value ({@code at}). */
    private void index(String index, List<JsonNode> documents) throws IOException {
        if (documents.isEmpty()) {
            return;
        }
        StringBuilder ndjson = new StringBuilder();
        for (JsonNode document : documents) {
            ndjson.append("{\"index\":{\"_index\":\"").append(index).append("\"}}\n").append(absolute(document)).append('\n');
        }
        Answer answer = elasticsearch.send("POST", "/_bulk?refresh=true", "application/x-ndjson", ndjson.toString().getBytes(StandardCharsets.UTF_8));
        if (!answer.ok() || answer.json().path("errors").asBoolean()) {
            throw new IOException("Elasticsearch refused some of the case's documents: " + answer.json());
        }
    }

    /** {@code {"at": T, "minutes_ago": N}} anywhere in {@code value} becomes {@code T}. */
    private static JsonNode absolute(JsonNode value) {
        if (value.isObject() && value.has("at") && value.has("minutes_ago") && value.size() == 2) {
            return value.path("at");
        }
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            value.fields().forEachRemaining(field -> copy.set(field.getKey(), absolute(field.getValue())));
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> copy.add(absolute(item)));
            return copy;
        }
        return value;
    }

    private JsonNode get(String index, String id) throws IOException {
        Answer answer = elasticsearch.send("GET", Elasticsearch.path(index, "_doc", id), null);
        return answer.status() == 200 ? answer.json() : JsonNodeFactory.instance.objectNode();
    }

    /** Elasticsearch deletes no wildcard by default (action.destructive_requires_name): each index by its name. */
    private void deleteStartingWith(String prefix) {
        try {
            Answer names = elasticsearch.send("GET", "/_cat/indices/" + prefix + "*?h=index&format=json", null);
            if (names.ok()) {
                names.json().forEach(name -> delete(name.path("index").asText()));
            }
        } catch (IOException e) {
            // Only clutter, as below.
        }
    }

    private void delete(String index) {
        try {
            elasticsearch.send("DELETE", Elasticsearch.path(index) + "?ignore_unavailable=true", null);
        } catch (IOException e) {
            // The next run's names differ; a scratch index left behind is only clutter.
        }
    }

    /** The rules of every rule bundle on the class path, by file name (MozDef's alert name) without {@code .yml}, or Java rule name. */
    public static Map<String, List<Rule>> loadRules() {
        Map<String, List<Rule>> byAlert = new LinkedHashMap<>();
        try {
            Enumeration<URL> folders = AlertFixtures.class.getClassLoader().getResources(RULES);
            while (folders.hasMoreElements()) {
                URI folder = folders.nextElement().toURI();
                withPath(folder, path -> {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(path, "*.yml")) {
                        for (Path file : files) {
                            String name = file.getFileName().toString();
                            byAlert.put(name.substring(0, name.length() - 4),
                                    RuleFiles.parse(folder + "/" + name, Files.readString(file, StandardCharsets.UTF_8)));
                        }
                    }
                });
            }
        } catch (IOException | URISyntaxException | RuleFiles.RuleFileException e) {
            throw new IllegalStateException("cannot load the rule files: " + e.getMessage(), e);
        }
        // Java rules, with their default configuration (MozDef's), as rule bundles declare them to ServiceLoader.
        for (AlertRule java : ServiceLoader.load(AlertRule.class, AlertFixtures.class.getClassLoader())) {
            byAlert.put(java.name(), List.of(Rule.of(java, java.getClass().getName())));
        }
        return byAlert;
    }

    private interface PathAction {
        void accept(Path path) throws IOException, RuleFiles.RuleFileException;
    }

    /** A folder of the class path, in a jar or on disk. */
    private static void withPath(URI folder, PathAction action) throws IOException, RuleFiles.RuleFileException {
        if (!"jar".equals(folder.getScheme())) {
            action.accept(Path.of(folder));
            return;
        }
        FileSystem jar;
        boolean opened = false;
        try {
            jar = FileSystems.getFileSystem(folder);
        } catch (FileSystemNotFoundException e) {
            jar = FileSystems.newFileSystem(folder, Map.of());
            opened = true;
        }
        try {
            action.accept(jar.provider().getPath(folder));
        } finally {
            if (opened) {
                jar.close();
            }
        }
    }
}
