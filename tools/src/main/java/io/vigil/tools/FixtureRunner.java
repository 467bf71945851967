package io.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alert.plugins.GeomodelIpintelEnrichment;
import io.vigil.alert.plugins.IpSourceEnrichment;
import io.vigil.support.BadRequestException;
import io.vigil.core.JsonEvent;
import io.vigil.core.KeyMapping;
import io.vigil.core.PluginChain;
import io.vigil.support.RejectedEventException;
import io.vigil.core.RequiredFields;
import io.vigil.sqs.SqsMessages;
import io.vigil.support.ToUtc;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs MozDef behaviour vectors (the format of {@code shared/fixtures/mozdef/README.md}) against Vigil's real
 * normaliser and plugin chain: any directory of {@code *.json} files, one line per file
 * ({@code <file>: N passed, M failed, K skipped}), the first differences of each failed case, and an overall
 * {@code N passed, M failed} line. Cases of a unit Vigil does not implement yet are skipped, and say why.
 */
public final class FixtureRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HOSTNAME = Pattern.compile("mozdefhostname=\"([^\"]*)\"");
    private static final Pattern TASK_EXCHANGE = Pattern.compile("taskexchange=\"([^\"]*)\"");
    private static final int DIFFERENCES_SHOWN = 5;
    private static final Pattern PLUGIN_UNIT = Pattern.compile("^mq/plugins/(\\w+)\\.py::message\\.onMessage");
    private static final Pattern EXCEPT = Pattern.compile("except ([\\w, ]+?)(?: \\(|$)");

    /** The result of one vector file. */
    public record FileResult(String file, int passed, int failed, int skipped, List<String> failures, List<String> skips) {
    }

    private final Clock clock = Clock.system(ZoneOffset.UTC);
    private final PrintStream out;
    private final URI loginput;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StandardPlugins plugins = new StandardPlugins();
    private final AlertFixtures alerts;
    private final RestFixtures rest;

    /**
     * @param loginput the HTTP input of a running Vigil for the {@code loginput} cases, or {@code null} to skip them
     * @param elasticsearch the Elasticsearch the alert cases run on, or {@code null} to skip them
     */
    public FixtureRunner(PrintStream out, URI loginput, URI elasticsearch) {
        this(out, loginput, elasticsearch, null, null, null);
    }

    /**
     * @param rest the REST API of a running Vigil for the {@code restapi} cases (on {@code elasticsearch}), signed in as
     *     {@code user}, or {@code null} to skip them
     */
    public FixtureRunner(PrintStream out, URI loginput, URI elasticsearch, URI rest, String user, String password) {
        this.out = out;
        this.loginput = loginput;
        this.alerts = new AlertFixtures(elasticsearch == null ? null : ElasticsearchArgument.connect(elasticsearch.toString()));
        this.rest = rest == null || elasticsearch == null ? null : new RestFixtures(rest, elasticsearch, user, password);
    }

    public static void main(String[] arguments) throws IOException {
        if (arguments.length < 1 || arguments.length > 4) {
            System.err.println("usage: FixtureRunner DIRECTORY [HTTP_INPUT_URL|- [ELASTICSEARCH_URL [REST_URL]]] (DIRECTORY of MozDef behaviour vector files, *.json;"
                    + " the REST cases sign in as VIGIL_REST_USER, VIGIL_REST_PASSWORD)");
            System.exit(2);
        }
        URI loginput = arguments.length >= 2 && !arguments[1].equals("-") ? URI.create(arguments[1]) : null;
        URI elasticsearch = arguments.length >= 3 ? URI.create(arguments[2]) : null;
        URI rest = arguments.length == 4 ? URI.create(arguments[3]) : null;
        List<FileResult> results = new FixtureRunner(System.out, loginput, elasticsearch, rest, System.getenv("VIGIL_REST_USER"), System.getenv("VIGIL_REST_PASSWORD"))
                .runDirectory(Path.of(arguments[0]));
        System.exit(results.stream().anyMatch(result -> result.failed() > 0) ? 1 : 0);
    }

    public List<FileResult> runDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("not a directory of vector files: " + directory);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
            stream.forEach(files::add);
        }
        files.sort(null);
        List<FileResult> results = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Path file : files) {
            FileResult result = runFile(file);
            results.add(result);
            out.printf("%s: %d passed, %d failed%s%n", result.file(), result.passed(), result.failed(),
                    result.skipped() > 0 ? ", " + result.skipped() + " skipped (" + result.skips().get(0) + ")" : "");
            result.failures().stream().limit(DIFFERENCES_SHOWN).forEach(failure -> out.println("    " + failure));
            passed += result.passed();
            failed += result.failed();
            skipped += result.skipped();
        }
        out.printf("fixtures: %d passed, %d failed, %d skipped%n", passed, failed, skipped);
        return results;
    }

    FileResult runFile(Path file) throws IOException {
        JsonNode cases = JSON.readTree(file.toFile());
        int passed = 0;
        List<String> failures = new ArrayList<>();
        List<String> skips = new ArrayList<>();
        for (JsonNode vector : cases) {
            String name = vector.path("name").asText("?");
            try {
                List<String> differences = run(vector);
                if (differences.isEmpty()) {
                    passed++;
                } else {
                    failures.add(name + ": " + String.join("; ", differences));
                }
            } catch (Unsupported e) {
                skips.add(e.getMessage());
            } catch (RuntimeException e) {
                failures.add(name + ": " + e);
            }
        }
        return new FileResult(file.getFileName().toString(), passed, failures.size(), skips.size(), failures, skips);
    }

    /** A case of a unit Vigil does not implement (yet). */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why);
        }
    }

    private List<String> run(JsonNode vector) throws Unsupported {
        if (vector.has("alert") && vector.has("events")) {
            return alerts.run(vector);
        }
        String unit = vector.path("unit").asText();
        Outcome outcome;
        if (unit.startsWith("mozdef_util/utilities/toUTC.py::toUTC")) {
            outcome = toUtc(vector.path("input"));
        } else if (unit.startsWith("mq/esworker_eventtask.py::keyMapping") && unit.contains("sendEventToPlugins")) {
            outcome = pipeline(vector, hostname(unit));
        } else if (unit.startsWith("mq/esworker_eventtask.py::keyMapping")) {
            outcome = keyMapping(vector.path("input"), hostname(unit));
        } else if (unit.startsWith("mozdef_util/event.py::Event.add_required_fields")) {
            String host = vector.path("preconditions").path("socket.gethostname()").asText("vigil");
            outcome = new Outcome(new RequiredFields(host, clock).addTo(vector.path("input").deepCopy()), null);
        } else if (unit.startsWith("mq/esworker_sns_sqs.py::taskConsumer.on_message")) {
            outcome = snsSqs(vector.path("input"), unit);
        } else if (PLUGIN_UNIT.matcher(unit).find()) {
            return plugin(vector, unit);
        } else if (unit.startsWith("mozdef_util/plugin_set.py::PluginSet.run_plugins")) {
            outcome = chain(FixturePlugins.chain(vector.path("plugin_set_definition")), vector);
        } else if (unit.startsWith("alerts/plugins/ip_source_enrichment.py::enrich")) {
            outcome = new Outcome(IpSourceEnrichment.enrich(vector.path("input").deepCopy(), IpSourceEnrichment.read(vector.path("extra_args").path(0))), null);
        } else if (unit.startsWith("alerts/plugins/geomodel_ipintel_enrichment.py::enrich")) {
            outcome = new Outcome(GeomodelIpintelEnrichment.enrich(vector.path("input").deepCopy(), vector.path("extra_args").path(0)), null);
        } else if ("loginput".equals(vector.path("service").asText())) {
            return loginput(vector);
        } else if ("restapi".equals(vector.path("service").asText())) {
            return restapi(vector);
        } else {
            throw new Unsupported("not in Vigil yet: " + describe(vector));
        }
        return Expectations.check(vector, outcome.output(), outcome.metadata());
    }

    /** A loginput HTTP case, against the running Vigil's HTTP input. */
    private List<String> loginput(JsonNode vector) throws Unsupported {
        if (loginput == null) {
            throw new Unsupported("HTTP service loginput needs a running Vigil (./vigil run, then ./vigil fixtures)");
        }
        try {
            return RestFixtures.answer(http, loginput, null, vector);
        } catch (IOException e) {
            return List.of("no answer from " + loginput + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    /** A restapi HTTP case, against the running Vigil's REST API. */
    private List<String> restapi(JsonNode vector) throws Unsupported {
        if (rest == null) {
            throw new Unsupported("HTTP service restapi needs a running Vigil (./vigil run, then ./vigil fixtures)");
        }
        try {
            return rest.run(vector);
        } catch (IOException e) {
            return List.of("REST API: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    /** A plugin's {@code onMessage} called directly, and its registration and priority where the vector states them. */
    private List<String> plugin(JsonNode vector, String unit) throws Unsupported {
        Matcher matcher = PLUGIN_UNIT.matcher(unit);
        matcher.find();
        StandardPlugins.Plugin plugin = plugins.get(matcher.group(1));
        if (plugin == null) {
            throw new Unsupported("plugin " + matcher.group(1) + " not in Vigil yet");
        }
        List<String> differences = new ArrayList<>();
        if (vector.has("priority") && vector.get("priority").asInt() != plugin.priority()) {
            differences.add("priority " + plugin.priority() + ", expected " + vector.get("priority"));
        }
        if (vector.has("registration")) {
            List<String> expected = new ArrayList<>();
            vector.get("registration").forEach(term -> expected.add(term.asText()));
            if (!expected.equals(plugin.registration())) {
                differences.add("registration " + plugin.registration() + ", expected " + expected);
            }
        }
        JsonEvent event = event(vector);
        Outcome outcome = plugin.instance().process(event, event) ? outcome(event) : new Outcome(null, null);
        differences.addAll(Expectations.check(vector, outcome.output(), outcome.metadata()));
        return differences;
    }

    /** What a unit returned: the output object ({@code null} when the event was dropped) and its metadata. */
    record Outcome(JsonNode output, JsonNode metadata) {
    }

    private Outcome toUtc(JsonNode input) {
        JsonNode value = input.path("value");
        try {
            String iso = ToUtc.isoformat(ToUtc.parse(value, clock));
            return new Outcome(JsonNodeFactory.instance.objectNode().put("isoformat", iso), null);
        } catch (RejectedEventException e) {
            return new Outcome(null, null);
        }
    }

    private Outcome keyMapping(JsonNode input, String hostname) {
        try {
            return new Outcome(new KeyMapping(hostname, clock).map((ObjectNode) input.deepCopy()), null);
        } catch (RejectedEventException e) {
            return new Outcome(null, null);
        }
    }

    /** MozDef's SNS-over-SQS worker: the notification read as Vigil's SQS input reads it, no plugins, required fields. */
    private Outcome snsSqs(JsonNode input, String unit) {
        Matcher exchange = TASK_EXCHANGE.matcher(unit);
        String hostname = hostname(unit);
        try {
            SqsMessages.Contents contents = new SqsMessages(exchange.find() ? exchange.group(1) : "eventtask", hostname, clock).read(input.toString());
            JsonEvent event = new JsonEvent(contents.normalised().get(0), "events", null);
            new PluginChain().process(event);
            return new Outcome(new RequiredFields(hostname, clock).addTo(event.document()), null);
        } catch (BadRequestException e) {
            return new Outcome(null, null);
        }
    }

    private Outcome pipeline(JsonNode vector, String hostname) {
        Matcher except = EXCEPT.matcher(vector.path("unit").asText());
        List<String> excluded = except.find() ? List.of(except.group(1).split("\\s*,\\s*")) : List.of();
        try {
            ObjectNode mapped = new KeyMapping(hostname, clock).map((ObjectNode) vector.path("input").deepCopy());
            ObjectNode withMetadata = JsonNodeFactory.instance.objectNode();
            withMetadata.set("input", mapped);
            withMetadata.set("input_metadata", vector.path("input_metadata"));
            return chain(plugins.chain(excluded), withMetadata);
        } catch (RejectedEventException e) {
            return new Outcome(null, null);
        }
    }

    private Outcome chain(PluginChain chain, JsonNode vector) {
        JsonEvent event = event(vector);
        return chain.process(event) == PluginChain.Outcome.DROPPED ? new Outcome(null, null) : outcome(event);
    }

    private static JsonEvent event(JsonNode vector) {
        JsonNode metadata = vector.path("input_metadata");
        return new JsonEvent((ObjectNode) vector.path("input").deepCopy(),
                metadata.path("index").asText("events"), metadata.path("id").isTextual() ? metadata.path("id").asText() : null);
    }

    private static Outcome outcome(JsonEvent event) {
        ObjectNode resultMetadata = JsonNodeFactory.instance.objectNode();
        resultMetadata.put("index", event.index());
        resultMetadata.put("id", event.id());
        return new Outcome(event.document(), resultMetadata);
    }

    private static String describe(JsonNode vector) {
        if (vector.hasNonNull("alert")) {
            return "alert " + vector.get("alert").asText();
        }
        if (vector.hasNonNull("service")) {
            return "HTTP service " + vector.get("service").asText();
        }
        return vector.path("unit").asText().replaceAll(" .*", "");
    }

    private static String hostname(String unit) {
        Matcher matcher = HOSTNAME.matcher(unit);
        return matcher.find() ? matcher.group(1) : "vigil";
    }

    /** The expectations of the fixture format, checked against what a unit returned. */
    static final class Expectations {

        private Expectations() {
        }

        static List<String> check(JsonNode vector, JsonNode output, JsonNode metadata) {
            List<String> differences = new ArrayList<>();
            boolean expectDropped = vector.path("expect_dropped").asBoolean(false);
            if (expectDropped || output == null) {
                if (expectDropped != (output == null)) {
                    differences.add(expectDropped ? "expected the event dropped, it was kept: " + output : "dropped, expected kept");
                }
                return differences;
            }
            each(vector.path("expect"), (path, want) -> compare(path, want, JsonPaths.at(output, path), differences));
            each(vector.path("expect_metadata"), (path, want) -> compare("metadata." + path, want,
                    metadata == null ? null : JsonPaths.at(metadata, path), differences));
            if (vector.has("expect_output") && !equal(vector.get("expect_output"), output)) {
                differences.add("output " + output + " != " + vector.get("expect_output"));
            }
            if (vector.path("expect_unchanged").asBoolean(false) && !equal(vector.get("input"), output)) {
                differences.add("changed: " + output);
            }
            vector.path("expect_present").forEach(path -> {
                if (JsonPaths.at(output, path.asText()).isMissingNode()) {
                    differences.add(path.asText() + " missing");
                }
            });
            vector.path("expect_absent").forEach(path -> {
                if (!JsonPaths.at(output, path.asText()).isMissingNode()) {
                    differences.add(path.asText() + " present");
                }
            });
            each(vector.path("expect_keys"), (path, want) -> {
                List<String> keys = new ArrayList<>();
                JsonPaths.at(output, path).fieldNames().forEachRemaining(keys::add);
                keys.sort(null);
                List<String> wanted = new ArrayList<>();
                want.forEach(key -> wanted.add(key.asText()));
                if (!keys.equals(wanted)) {
                    differences.add(path + " keys " + keys + " != " + wanted);
                }
            });
            each(vector.path("expect_types"), (path, want) -> {
                JsonNode actual = JsonPaths.at(output, path);
                String type = actual.isTextual() ? "string" : actual.isObject() ? "dict" : actual.isArray() ? "list" : actual.isBoolean() ? "bool"
                        : actual.isIntegralNumber() ? "int" : actual.isNumber() ? "float" : actual.isNull() ? "NoneType" : "missing";
                if (!type.equals(want.asText())) {
                    differences.add(path + " is " + type + ", expected " + want.asText());
                }
            });
            each(vector.path("expect_len"), (path, want) -> {
                JsonNode actual = JsonPaths.at(output, path);
                int length = actual.isTextual() ? actual.asText().length() : actual.size();
                if (length != want.asInt()) {
                    differences.add(path + " length " + length + " != " + want.asInt());
                }
            });
            each(vector.path("expect_contains"), (path, want) -> want.forEach(item -> {
                if (!contains(JsonPaths.at(output, path), item)) {
                    differences.add(path + " lacks " + item);
                }
            }));
            each(vector.path("expect_not_contains"), (path, want) -> want.forEach(item -> {
                if (contains(JsonPaths.at(output, path), item)) {
                    differences.add(path + " contains " + item);
                }
            }));
            return differences;
        }

        private interface PathCheck {
            void check(String path, JsonNode want);
        }

        private static void each(JsonNode object, PathCheck check) {
            Map<String, JsonNode> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                entries.put(field.getKey(), field.getValue());
            }
            entries.forEach(check::check);
        }

        private static void compare(String path, JsonNode want, JsonNode actual, List<String> differences) {
            JsonNode expected = placeholders(want);
            if (actual == null || actual.isMissingNode()) {
                if (!expected.isNull()) {
                    differences.add(path + " missing, expected " + expected);
                }
            } else if (!equal(expected, actual)) {
                differences.add(path + " = " + actual + ", expected " + expected);
            }
        }

        private static JsonNode placeholders(JsonNode want) {
            if (want.isTextual() && want.asText().contains("{CURRENT_YEAR}")) {
                return JsonNodeFactory.instance.textNode(want.asText().replace("{CURRENT_YEAR}", Year.now(ZoneOffset.UTC).toString()));
            }
            return want;
        }

        /** JSON equality where numbers compare by value, as Python's {@code ==} (5 == 5.0). */
        static boolean equal(JsonNode a, JsonNode b) {
            if (a.isNumber() && b.isNumber()) {
                return a.decimalValue().compareTo(b.decimalValue()) == 0;
            }
            if (a.isObject() && b.isObject()) {
                if (a.size() != b.size()) {
                    return false;
                }
                for (Iterator<String> names = a.fieldNames(); names.hasNext();) {
                    String name = names.next();
                    if (!b.has(name) || !equal(a.get(name), b.get(name))) {
                        return false;
                    }
                }
                return true;
            }
            if (a.isArray() && b.isArray()) {
                if (a.size() != b.size()) {
                    return false;
                }
                for (int i = 0; i < a.size(); i++) {
                    if (!equal(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            return a.equals(b);
        }

        private static boolean contains(JsonNode container, JsonNode item) {
            if (container.isTextual()) {
                return container.asText().contains(item.asText());
            }
            for (JsonNode element : container) {
                if (equal(element, item)) {
                    return true;
                }
            }
            return false;
        }
    }
}
