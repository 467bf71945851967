package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/**
 * A compiled piece of detection as an Elasticsearch query, over the paths a field mapping gives each Sigma field: it
 * finds at least the events the piece matches, exactly those where {@code exact}. What a query cannot say as the engine
 * decides it (regular expressions, CIDR ranges and comparisons on fields mapped as keywords, keywords anywhere,
 * fieldref, the time modifiers) becomes a wider one, {@code exists} or all events, and the engine decides each event it
 * finds: a backtest shows what streaming detection would have raised, and Elasticsearch only narrows it.
 */
public record Search(JsonNode query, boolean exact) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Every event: what cannot be narrowed. */
    static final Search ANY = new Search(JSON.objectNode().set("match_all", JSON.objectNode()), false);
    /** Every event, exactly: what matches every event. */
    static final Search ALL = new Search(JSON.objectNode().set("match_all", JSON.objectNode()), true);

    /** Where each Sigma field is, as Elasticsearch paths, in the order a mapping tries them. */
    interface Paths extends Function<String, List<String>> {
    }

    private boolean everything() {
        return query.has("match_all");
    }

    static Search anyOf(List<Search> parts) {
        if (parts.stream().anyMatch(Search::everything)) {
            return parts.contains(ALL) ? ALL : ANY;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        ObjectNode query = JSON.objectNode();
        ObjectNode bool = query.putObject("bool");
        ArrayNode should = bool.putArray("should");
        parts.forEach(part -> should.add(part.query()));
        bool.put("minimum_should_match", 1);
        return new Search(query, parts.stream().allMatch(Search::exact));
    }

    static Search allOf(List<Search> parts) {
        List<Search> narrowing = parts.stream().filter(part -> !part.everything()).toList();
        boolean exact = parts.stream().allMatch(Search::exact);
        if (narrowing.isEmpty()) {
            return exact ? ALL : ANY;
        }
        if (narrowing.size() == 1) {
            return new Search(narrowing.get(0).query(), exact);
        }
        ObjectNode query = JSON.objectNode();
        ArrayNode filter = query.putObject("bool").putArray("filter");
        narrowing.forEach(part -> filter.add(part.query()));
        return new Search(query, exact);
    }

    /** What is not {@code negated}: only when that is exact (the negation of a wider query would be narrower). */
    static Search not(Search negated) {
        if (!negated.exact()) {
            return ANY;
        }
        ObjectNode query = JSON.objectNode();
        query.putObject("bool").putArray("must_not").add(negated.query());
        return new Search(query, true);
    }

    /** One query per path of the field, any of which may hold; exact where the mapping has one path for it. */
    static Search onPaths(List<String> paths, Function<String, JsonNode> query, boolean exact) {
        if (paths.isEmpty()) {
            return ANY;
        }
        return anyOf(paths.stream().map(path -> new Search(query.apply(path), exact && paths.size() == 1)).toList());
    }

    static JsonNode exists(String path) {
        ObjectNode query = JSON.objectNode();
        query.putObject("exists").put("field", path);
        return query;
    }

    static JsonNode term(String path, String value) {
        ObjectNode query = JSON.objectNode();
        query.putObject("term").put(path, value);
        return query;
    }

    /** A Sigma string as Elasticsearch's wildcard query: its text escaped, its wildcards as they are. */
    static JsonNode wildcard(String path, SigmaString value, boolean cased) {
        StringBuilder pattern = new StringBuilder();
        for (Object part : value.parts()) {
            if (part == SigmaString.Wildcard.ANY) {
                pattern.append('*');
            } else if (part == SigmaString.Wildcard.ONE) {
                pattern.append('?');
            } else {
                for (char c : ((String) part).toCharArray()) {
                    if (c == '\\' || c == '*' || c == '?') {
                        pattern.append('\\');
                    }
                    pattern.append(c);
                }
            }
        }
        ObjectNode query = JSON.objectNode();
        query.putObject("wildcard").putObject(path).put("value", pattern.toString()).put("case_insensitive", !cased);
        return query;
    }
}
