package io.vigil.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Null-safe access to event fields, as MozDef's plugins test them. */
public final class Fields {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fields() {
    }

    /** The {@code details} object of an event, or {@code null} when it is absent or not an object. */
    public static ObjectNode details(ObjectNode event) {
        JsonNode details = event.get("details");
        return details instanceof ObjectNode object ? object : null;
    }

    /** The {@code details} object of an event, created (replacing a value that is not an object) when needed. */
    public static ObjectNode detailsOrCreate(ObjectNode event) {
        ObjectNode details = details(event);
        return details != null ? details : event.putObject("details");
    }

    /** The string value of a field, or {@code null} when the field is absent or not a string. */
    public static String text(JsonNode object, String field) {
        JsonNode value = object == null ? null : object.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** Whether a field is the string {@code expected}. */
    public static boolean is(JsonNode object, String field, String expected) {
        return expected.equals(text(object, field));
    }

    /**
     * The node at a dotted path ({@code details.body.sender.login}: the subset of JMESPath MozDef's mapping tables
     * use), or a missing node.
     */
    public static JsonNode at(JsonNode root, String dottedPath) {
        JsonNode node = root;
        int start = 0;
        while (node != null && start <= dottedPath.length()) {
            int dot = dottedPath.indexOf('.', start);
            int end = dot < 0 ? dottedPath.length() : dot;
            node = node.isObject() ? node.get(dottedPath.substring(start, end)) : null;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    /** Appends a tag to {@code tags}, which becomes a list of just that tag when it is absent or not a list. */
    public static void addTag(ObjectNode event, String tag) {
        JsonNode tags = event.get("tags");
        if (tags instanceof ArrayNode list) {
            list.add(tag);
        } else {
            event.putArray("tags").add(tag);
        }
    }

    /** Whether {@code tags} holds {@code tag}: a member of a list, or a substring of a string (MozDef's {@code in}). */
    public static boolean hasTag(JsonNode tags, String tag) {
        if (tags == null) {
            return false;
        }
        if (tags.isTextual()) {
            return tags.textValue().contains(tag);
        }
        for (JsonNode element : tags) {
            if (tag.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Renames the keys of every object in {@code node}, at any depth; when two keys become one, the later value wins,
     * as in MozDef's dict rewrites.
     */
    public static void renameKeys(JsonNode node, UnaryOperator<String> rename) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            object.properties().forEach(field -> fields.put(rename.apply(field.getKey()), field.getValue()));
            object.removeAll();
            fields.forEach((key, value) -> {
                renameKeys(value, rename);
                object.set(key, value);
            });
        } else if (node != null && node.isArray()) {
            node.forEach(element -> renameKeys(element, rename));
        }
    }

    /** A JSON text holding an object, parsed, or {@code null} when it is absent, not JSON or not an object. */
    public static ObjectNode parseObject(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text) instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Python's {@code text.split()}: the words between runs of whitespace. */
    public static String[] words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? new String[0] : WHITESPACE.split(trimmed);
    }

    /**
     * A word of a log line without the quotes and commas around it, as MozDef's
     * {@code word.strip().strip('"').strip("'").strip(",")} leaves it.
     */
    public static String unquote(String word) {
        return strip(strip(strip(word.strip(), '"'), '\''), ',');
    }

    /** {@code word} without the runs of {@code c} at its ends (Python's {@code str.strip(c)}). */
    public static String strip(String word, char c) {
        int start = 0;
        int end = word.length();
        while (start < end && word.charAt(start) == c) {
            start++;
        }
        while (end > start && word.charAt(end - 1) == c) {
            end--;
        }
        return word.substring(start, end);
    }

    /** Python truthiness of a JSON value: absent, null, false, 0, "" and empty containers are false. */
    public static boolean truthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0;
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        return value.size() > 0;
    }

    /**
     * A value as Python's {@code str()} writes it, which MozDef's document ids are built from: strings as they are,
     * integers without a fraction, {@code True}/{@code False}, {@code None}.
     */
    public static String pythonStr(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "None";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        return value.toString();
    }

    /**
     * The first {@code max} characters (code points, as Python counts them) of a string followed by {@code suffix},
     * or the string itself when it is not longer.
     */
    public static String truncate(String value, int max, String suffix) {
        if (value.length() <= max || value.codePointCount(0, value.length()) <= max) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, max)) + suffix;
    }
}
