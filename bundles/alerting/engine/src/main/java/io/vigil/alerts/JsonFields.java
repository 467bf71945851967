package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;

/** Dotted paths into event documents, as MozDef's alerts read them ({@code details.sourceipaddress}). */
final class JsonFields {

    private JsonFields() {
    }

    /** The value at {@code path}, or {@code null} when a step is missing. */
    static JsonNode at(JsonNode document, String path) {
        JsonNode node = document;
        for (String step : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(step);
        }
        return node;
    }

    /** A value as Python's {@code str.format} shows it: text as is, numbers and booleans as written, lists and objects as JSON. */
    static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "True" : "False";
        }
        return value.toString();
    }
}
