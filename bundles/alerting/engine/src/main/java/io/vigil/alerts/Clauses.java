package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Clauses as rule files write them, and the values they resolve when a rule runs. */
final class Clauses {

    private Clauses() {
    }

    /** {@code {now}} or {@code {now-<duration>}}: the run's clock, so that a frozen clock (rule tests, vectors) holds. */
    private static final Pattern NOW = Pattern.compile("\\{now(?:-([0-9]+[smhdw]))?}");

    static JsonNode resolve(JsonNode value, Instant now) {
        if (value.isTextual()) {
            Matcher matcher = NOW.matcher(value.asText());
            if (matcher.matches()) {
                Instant at = matcher.group(1) == null ? now : now.minus(Durations.parse(matcher.group(1)));
                return JsonNodeFactory.instance.textNode(DateTimeFormatter.ISO_INSTANT.format(at));
            }
        }
        return value;
    }

    /**
     * A clause from a rule file: a one-key object naming the kind ({@code match}, {@code phrase}, {@code terms},
     * {@code wildcard}, {@code query_string}, {@code exists}, {@code range}, {@code less_than}, {@code subnet},
     * {@code any}).
     */
    static Clause parse(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("a clause is an object with one key (match, phrase, terms, wildcard, query_string,"
                    + " exists, range, less_than, subnet, any), not " + node);
        }
        Map.Entry<String, JsonNode> entry = node.fields().next();
        JsonNode body = entry.getValue();
        return switch (entry.getKey()) {
            case "match" -> field(body, "match", (field, value) -> new Clause.Match(field, scalar(value, "match")));
            case "phrase" -> field(body, "phrase", (field, value) -> new Clause.Phrase(field, scalar(value, "phrase")));
            case "terms" -> field(body, "terms", (field, value) -> {
                if (!value.isArray()) {
                    throw new IllegalArgumentException("terms takes a list of values for " + field);
                }
                List<JsonNode> values = new ArrayList<>();
                value.forEach(item -> values.add(scalar(item, "terms")));
                return new Clause.Terms(field, values);
            });
            case "wildcard" -> field(body, "wildcard", (field, value) -> new Clause.Wildcard(field, scalar(value, "wildcard").asText()));
            case "query_string" -> new Clause.QueryString(text(body, "query_string"));
            case "exists" -> new Clause.Exists(text(body, "exists"));
            case "range" -> field(body, "range", (field, value) -> {
                if (!value.isObject() || value.isEmpty()) {
                    throw new IllegalArgumentException("range takes bounds (gte, gt, lte, lt) for " + field);
                }
                Map<String, JsonNode> bounds = new LinkedHashMap<>();
                value.fields().forEachRemaining(bound -> {
                    if (!List.of("gte", "gt", "lte", "lt").contains(bound.getKey())) {
                        throw new IllegalArgumentException("range bounds are gte, gt, lte and lt, not " + bound.getKey());
                    }
                    bounds.put(bound.getKey(), scalar(bound.getValue(), "range"));
                });
                return new Clause.Range(field, bounds);
            });
            case "less_than" -> field(body, "less_than", (field, value) -> new Clause.Range(field, Map.of("lt", scalar(value, "less_than"))));
            case "subnet" -> field(body, "subnet", (field, value) -> new Clause.Subnet(field, scalar(value, "subnet").asText()));
            case "any" -> {
                if (!body.isArray() || body.isEmpty()) {
                    throw new IllegalArgumentException("any takes a list of clauses");
                }
                List<Clause> clauses = new ArrayList<>();
                body.forEach(item -> clauses.add(parse(item)));
                yield new Clause.Any(clauses);
            }
            default -> throw new IllegalArgumentException("unknown clause '" + entry.getKey()
                    + "' (match, phrase, terms, wildcard, query_string, exists, range, less_than, subnet, any)");
        };
    }

    private interface FieldClause {
        Clause make(String field, JsonNode value);
    }

    private static Clause field(JsonNode body, String kind, FieldClause make) {
        if (!body.isObject() || body.size() != 1) {
            throw new IllegalArgumentException(kind + " takes one field and its value, as {field: value}");
        }
        Map.Entry<String, JsonNode> entry = body.fields().next();
        return make.make(entry.getKey(), entry.getValue());
    }

    private static JsonNode scalar(JsonNode value, String kind) {
        if (!value.isValueNode() || value.isNull()) {
            throw new IllegalArgumentException(kind + " takes a single value, not " + value);
        }
        return value;
    }

    private static String text(JsonNode value, String kind) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(kind + " takes a text");
        }
        return value.asText();
    }
}
