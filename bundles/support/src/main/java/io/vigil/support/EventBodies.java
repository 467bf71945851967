package io.vigil.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into events: one JSON object, a JSON array of objects, or NDJSON (one object per
 * line), and Elasticsearch's bulk format, where action lines carry the target and id of the document that
 * follows. Errors name the line and column; in a bulk body a bad line spoils only itself.
 */
public final class EventBodies {

    /**
     * One document of a body, or the reason its line was refused ({@code document == null}); {@code action} is the
     * bulk action it came with ({@code index} without one, {@code create}, or a refused {@code update} or
     * {@code delete}), which a bulk answer names its item by.
     */
    public record Item(int line, String action, ObjectNode document, String id, String error) {

        static Item refused(int line, String action, String error) {
            return new Item(line, action, null, null, error);
        }

        static Item of(int line, ObjectNode document) {
            return new Item(line, "index", document, null, null);
        }
    }

    private final ObjectMapper json;

    public EventBodies(int maxNestingDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                .build();
        this.json = new ObjectMapper(factory);
    }

    /** The events of a MozDef endpoint body ({@code /events}, {@code /nxlog}, {@code /cef}, {@code /custom}): all or nothing. */
    public List<Item> events(byte[] body) throws BadRequestException {
        requireUtf8(body);
        List<Item> items = new ArrayList<>();
        try (JsonParser parser = json.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode value = json.readTree(parser);
                if (token == JsonToken.START_ARRAY) {
                    int index = 0;
                    for (JsonNode element : value) {
                        items.add(Item.of(line, object(element, "line " + line + ", element " + index++)));
                    }
                } else {
                    items.add(Item.of(line, object(value, "line " + line)));
                }
            }
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "malformed JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException(400, "unreadable body: " + e.getMessage());
        }
        if (items.isEmpty()) {
            throw new BadRequestException(400, "no event in the body");
        }
        return items;
    }

    /**
     * The documents of an Elasticsearch bulk body (NDJSON with action lines) or of a JSON array. An
     * {@code index} or {@code create} action line gives the id of the next document; other actions are refused.
     */
    public List<Item> bulk(byte[] body) throws BadRequestException {
        requireUtf8(body);
        int start = 0;
        while (start < body.length && Character.isWhitespace(body[start])) {
            start++;
        }
        if (start < body.length && body[start] == '[') {
            return array(body);
        }
        List<Item> items = new ArrayList<>();
        String pendingId = null;
        String pendingAction = "index";
        boolean expectDocument = false;
        int line = 0;
        for (int from = 0; from < body.length;) {
            int to = from;
            while (to < body.length && body[to] != '\n') {
                to++;
            }
            line++;
            int length = to - from;
            if (length > 0 && body[to - 1] == '\r') {
                length--;
            }
            if (!blank(body, from, length)) {
                JsonNode value;
                try {
                    value = json.readTree(body, from, length);
                } catch (IOException e) {
                    items.add(Item.refused(line, pendingAction, "line " + line + ": malformed JSON: " + original(e)));
                    pendingAction = "index";
                    expectDocument = false;
                    from = to + 1;
                    continue;
                }
                String action = expectDocument ? null : action(value);
                if (action == null) {
                    if (value.isObject()) {
                        items.add(new Item(line, pendingAction, (ObjectNode) value, pendingId, null));
                    } else {
                        items.add(Item.refused(line, pendingAction, "line " + line + ": not a JSON object"));
                    }
                    pendingId = null;
                    pendingAction = "index";
                    expectDocument = false;
                } else if (action.equals("index") || action.equals("create")) {
                    JsonNode id = value.path(action).path("_id");
                    pendingId = id.isValueNode() && !id.isNull() ? id.asText() : null;
                    pendingAction = action;
                    expectDocument = true;
                } else {
                    JsonNode id = value.path(action).path("_id");
                    items.add(new Item(line, action, null, id.isValueNode() && !id.isNull() ? id.asText() : null, "line " + line + ": bulk action '"
                            + action + "' is not supported: Vigil's event store is append-only (index and create)"));
                    // An update's partial document follows its action line; a delete has none.
                    expectDocument = false;
                    if (action.equals("update")) {
                        to = skipLine(body, to);
                        line++;
                    }
                }
            }
            from = to + 1;
        }
        return items;
    }

    private List<Item> array(byte[] body) throws BadRequestException {
        List<Item> items = new ArrayList<>();
        try {
            JsonNode array = json.readTree(body);
            int index = 0;
            for (JsonNode element : array) {
                // MozDef's loginput skipped the elements that are bulk action lines.
                if (!(element.isObject() && element.has("index"))) {
                    items.add(element.isObject() ? Item.of(1, (ObjectNode) element)
                            : Item.refused(1, "index", "element " + index + ": not a JSON object"));
                }
                index++;
            }
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "malformed JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException(400, "unreadable body: " + e.getMessage());
        }
        return items;
    }

    private static String action(JsonNode value) {
        if (value.isObject() && value.size() == 1) {
            String name = value.fieldNames().next();
            if (value.get(name).isObject() && List.of("index", "create", "update", "delete").contains(name)) {
                return name;
            }
        }
        return null;
    }

    private static ObjectNode object(JsonNode value, String where) throws BadRequestException {
        if (!value.isObject()) {
            throw new BadRequestException(400, where + ": an event must be a JSON object, not " + value.getNodeType().name().toLowerCase());
        }
        return (ObjectNode) value;
    }

    private static void requireUtf8(byte[] body) throws BadRequestException {
        int offset = firstInvalidUtf8(body);
        if (offset >= 0) {
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (body[i] == '\n') {
                    line++;
                }
            }
            throw new BadRequestException(400, "invalid UTF-8 at byte " + offset + " (line " + line + ")");
        }
    }

    /** The offset of the first byte that is not well-formed UTF-8 (RFC 3629), or -1; checked in place, without a copy. */
    static int firstInvalidUtf8(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length;
            int min = 0x80;
            int max = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                min = lead == 0xE0 ? 0xA0 : 0x80;
                max = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                min = lead == 0xF0 ? 0x90 : 0x80;
                max = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                return i;
            }
            if (i + length > bytes.length) {
                return i;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }

    private static boolean blank(byte[] body, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (!Character.isWhitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    private static int skipLine(byte[] body, int newline) {
        int to = newline + 1;
        while (to < body.length && body[to] != '\n') {
            to++;
        }
        return to;
    }

    private static String where(JsonLocation location) {
        return location == null ? "?" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String original(IOException e) {
        return e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
    }
}
