package io.vigil.alerts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vigil.alerts.Rule.AlertTemplate;
import io.vigil.alerts.Rule.Aggregation;
import io.vigil.alerts.Rule.Deadman;
import io.vigil.alerts.Rule.Facet;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads rule files: YAML, one rule per document ({@code ---} between several). Every key is checked, so a misspelt
 * key is an error rather than a rule that silently does something else; an error names the file, the line of the
 * rule's document (or of the YAML syntax error) and the reason, and the whole file is refused (its other rules too:
 * a half-loaded file would be a surprise).
 */
public final class RuleFiles {

    /** Where MozDef's AlertTask looks by default. */
    public static final List<String> DEFAULT_INDICES = List.of("events", "events-previous");

    /** Elasticsearch's default index.max_inner_result_window: the most events a top hits aggregation returns. */
    static final int MAX_SAMPLES = 100;

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> RULE_KEYS = Set.of("name", "classname", "description", "enabled", "schedule", "window",
            "indices", "query", "aggregate", "deadman", "facets", "alert");
    private static final Set<String> QUERY_KEYS = Set.of("must", "must_not");
    private static final Set<String> AGGREGATE_KEYS = Set.of("field", "threshold", "samples");
    private static final Set<String> DEADMAN_KEYS = Set.of("below");
    private static final Set<String> FACET_KEYS = Set.of("field", "limit", "format", "separator", "order", "more", "only", "required", "minimum");
    private static final Set<String> ALERT_KEYS = Set.of("severity", "category", "tags", "summary", "url", "channel", "notify_mozdefbot");
    private static final Set<String> SEVERITIES = Set.of("DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY");

    /** A rule file that cannot be used, with where and why. */
    public static final class RuleFileException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String origin;
        private final int line;

        RuleFileException(String origin, int line, String reason, Throwable cause) {
            super(origin + (line > 0 ? ":" + line : "") + ": " + reason, cause);
            this.origin = origin;
            this.line = line;
        }

        public String origin() {
            return origin;
        }

        /** 1-based, or 0 when unknown. */
        public int line() {
            return line;
        }
    }

    private RuleFiles() {
    }

    /**
     * @param origin the file's name or path, for messages and the default rule name (its name without {@code .yml})
     */
    public static List<Rule> parse(String origin, String text) throws RuleFileException {
        List<JsonNode> documents = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (iterator.hasNextValue()) {
                // The parser stands on the document's first token.
                int line = iterator.getParser().currentTokenLocation().getLineNr();
                JsonNode document = iterator.nextValue();
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                    lines.add(line);
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            throw new RuleFileException(origin, location == null ? 0 : location.getLineNr(), "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RuleFileException(origin, 0, "unreadable: " + e.getMessage(), e);
        }
        if (documents.isEmpty()) {
            throw new RuleFileException(origin, 0, "no rule in the file", null);
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            try {
                rules.add(rule(documents.get(i), origin, documents.size() == 1 ? stem(origin) : null));
            } catch (IllegalArgumentException e) {
                String name = documents.get(i).path("name").asText("");
                throw new RuleFileException(origin, lines.get(i), (name.isEmpty() ? "" : "rule '" + name + "': ") + e.getMessage(), e);
            }
        }
        return rules;
    }

    private static Rule rule(JsonNode node, String origin, String defaultName) {
        keys(node, RULE_KEYS, "a rule");
        String name = text(node, "name", defaultName);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required when a file holds several rules");
        }
        Duration window = duration(node, "window", null);
        JsonNode query = node.path("query");
        if (!query.isObject()) {
            throw new IllegalArgumentException("query is required: {must: [clauses], must_not: [clauses]}");
        }
        keys(query, QUERY_KEYS, "query");
        List<Clause> must = clauses(query.path("must"), "query.must");
        List<Clause> mustNot = clauses(query.path("must_not"), "query.must_not");
        if (must.isEmpty() && mustNot.isEmpty()) {
            throw new IllegalArgumentException("query needs at least one clause in must or must_not");
        }
        Aggregation aggregation = null;
        JsonNode aggregate = node.path("aggregate");
        if (!aggregate.isMissingNode()) {
            keys(aggregate, AGGREGATE_KEYS, "aggregate");
            String field = text(aggregate, "field", null);
            if (field == null) {
                throw new IllegalArgumentException("aggregate.field is required");
            }
            int samples = positive(aggregate, "samples", 5);
            if (samples > MAX_SAMPLES) {
                throw new IllegalArgumentException("aggregate.samples is at most " + MAX_SAMPLES
                        + " (Elasticsearch's index.max_inner_result_window for top hits), not " + samples);
            }
            aggregation = new Aggregation(field, positive(aggregate, "threshold", 1), samples);
        }
        Deadman deadman = null;
        JsonNode dead = node.path("deadman");
        if (dead.isBoolean()) {
            deadman = dead.asBoolean() ? new Deadman(1) : null;
        } else if (!dead.isMissingNode()) {
            keys(dead, DEADMAN_KEYS, "deadman");
            deadman = new Deadman(positive(dead, "below", 1));
        }
        if (deadman != null && aggregation != null) {
            throw new IllegalArgumentException("a rule is either a deadman or aggregated, not both");
        }
        Map<String, Facet> facets = new LinkedHashMap<>();
        JsonNode facetNodes = node.path("facets");
        if (!facetNodes.isMissingNode()) {
            if (!facetNodes.isObject()) {
                throw new IllegalArgumentException("facets is a map of names to {field, limit, format, separator, order, more, only, required, minimum}");
            }
            facetNodes.fields().forEachRemaining(entry -> facets.put(entry.getKey(), facet(entry.getKey(), entry.getValue())));
        }
        JsonNode alert = node.path("alert");
        if (!alert.isObject()) {
            throw new IllegalArgumentException("alert is required: {severity, category, tags, summary, url, channel, notify_mozdefbot}");
        }
        keys(alert, ALERT_KEYS, "alert");
        String severity = text(alert, "severity", "NOTICE").toUpperCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("alert.severity is one of " + SEVERITIES + ", not " + severity);
        }
        String summary = text(alert, "summary", null);
        if (summary == null) {
            throw new IllegalArgumentException("alert.summary is required");
        }
        Template template;
        try {
            template = Template.parse(summary, facets.keySet());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alert.summary: " + e.getMessage(), e);
        }
        JsonNode notify = alert.path("notify_mozdefbot");
        AlertTemplate alertTemplate = new AlertTemplate(severity, text(alert, "category", ""), strings(alert.path("tags"), "alert.tags"),
                template, text(alert, "url", null), text(alert, "channel", null), notify.isBoolean() ? notify.asBoolean() : null);
        List<String> indices = node.has("indices") ? strings(node.path("indices"), "indices") : DEFAULT_INDICES;
        if (indices.isEmpty()) {
            throw new IllegalArgumentException("indices cannot be empty");
        }
        return new Rule(name, text(node, "classname", name), text(node, "description", ""), node.path("enabled").asBoolean(true),
                duration(node, "schedule", Duration.ofMinutes(1)), window, indices, must, mustNot, aggregation, deadman, Map.copyOf(facets),
                alertTemplate, origin, null);
    }

    private static Facet facet(String name, JsonNode node) {
        keys(node, FACET_KEYS, "facet " + name);
        String field = text(node, "field", null);
        if (field == null) {
            throw new IllegalArgumentException("facet " + name + " needs a field");
        }
        String order = text(node, "order", "count");
        if (!order.equals("count") && !order.equals("key")) {
            throw new IllegalArgumentException("facet " + name + ": order is count or key, not " + order);
        }
        String only = text(node, "only", null);
        if (only != null && !only.equals("ip")) {
            throw new IllegalArgumentException("facet " + name + ": only takes ip, not " + only);
        }
        return new Facet(field, positive(node, "limit", 10), text(node, "format", "{key}"), text(node, "separator", ", "), order,
                text(node, "more", ""), only, Math.max(node.path("required").asBoolean(false) ? 1 : 0, node.has("minimum") ? positive(node, "minimum", 1) : 0));
    }

    private static List<Clause> clauses(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " is a list of clauses");
        }
        List<Clause> clauses = new ArrayList<>();
        int index = 0;
        for (JsonNode item : node) {
            try {
                clauses.add(Clauses.parse(item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "[" + index + "]: " + e.getMessage(), e);
            }
            index++;
        }
        return List.copyOf(clauses);
    }

    private static void keys(JsonNode node, Set<String> allowed, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " is a map of " + allowed);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String key = names.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + what + " (known: " + new TreeSet<>(allowed) + ")");
            }
        }
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(key + " is a text, not " + value);
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " is a list");
        }
        List<String> values = new ArrayList<>();
        node.forEach(item -> values.add(item.asText()));
        return List.copyOf(values);
    }

    private static int positive(JsonNode node, String key, int fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || value.asInt() < 1) {
            throw new IllegalArgumentException(key + " is a whole number from 1, not " + value);
        }
        return value.asInt();
    }

    private static Duration duration(JsonNode node, String key, Duration fallback) {
        String value = text(node, key, null);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(key + " is required (a duration, as 2m or 1d)");
            }
            return fallback;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static String stem(String origin) {
        String name = origin.substring(Math.max(origin.lastIndexOf('/'), origin.lastIndexOf('!')) + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
