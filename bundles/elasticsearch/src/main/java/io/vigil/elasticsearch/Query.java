package io.vigil.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Elasticsearch's query DSL as typed values: user input goes in as JSON values, never into a query string where a
 * quote or a leading {@code -} would change what is asked.
 */
public final class Query {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Query() {
    }

    /** Documents with these ids. */
    public static ObjectNode ids(String... ids) {
        ObjectNode query = JSON.objectNode();
        ArrayNode values = query.putObject("ids").putArray("values");
        for (String id : ids) {
            values.add(id);
        }
        return query;
    }

    /** {@code field} equals {@code value} exactly (a keyword field). */
    public static ObjectNode term(String field, String value) {
        ObjectNode query = JSON.objectNode();
        query.putObject("term").put(field, value);
        return query;
    }

    /** {@code field} after {@code value} (a date or number, as Elasticsearch reads it). */
    public static ObjectNode greaterThan(String field, String value) {
        ObjectNode query = JSON.objectNode();
        query.putObject("range").putObject(field).put("gt", value);
        return query;
    }

    /** {@code field} at or after {@code from} and before {@code to} (dates or numbers, as Elasticsearch reads them). */
    public static ObjectNode range(String field, String from, String to) {
        ObjectNode query = JSON.objectNode();
        query.putObject("range").putObject(field).put("gte", from).put("lt", to);
        return query;
    }

    /** Every one of {@code clauses}, without scoring. */
    public static ObjectNode allOf(JsonNode... clauses) {
        ObjectNode query = JSON.objectNode();
        ArrayNode filter = query.putObject("bool").putArray("filter");
        for (JsonNode clause : clauses) {
            filter.add(clause);
        }
        return query;
    }

    /** A search body: {@code query} and at most {@code size} hits; add {@code sort}, {@code search_after} as needed. */
    public static ObjectNode search(JsonNode query, int size) {
        ObjectNode body = JSON.objectNode().put("size", size);
        body.set("query", query);
        return body;
    }
}
