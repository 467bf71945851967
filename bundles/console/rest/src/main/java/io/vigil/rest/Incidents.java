package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MozDef's incident and investigation model, checked: summary, description, phase, the dates of each stage, creator,
 * the lists handlers fill in (theories, notes, evidence, references, indicators, mitigations, lessons), VERIS tags and
 * the alerts it came from. Unknown fields and wrong types are refused with the field named, so a typo is not stored.
 */
final class Incidents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final List<String> PHASES = List.of("Identification", "Containment", "Eradication", "Recovery", "Lessons Learned", "Closed");
    static final List<String> DATES = List.of("dateOpened", "dateDiscovered", "dateVerified", "dateMitigated", "dateContained", "dateClosed");
    static final List<String> LISTS = List.of("theories", "notes", "evidence", "references", "indicators", "mitigations", "lessons");
    private static final Set<String> TEXTS = Set.of("summary", "description", "phase", "assignee");
    private static final Set<String> SERVER_SET = Set.of("creator", "dateModified", "modifiedBy");
    /** MozDef's Meteor form wrote dates so. */
    private static final DateTimeFormatter MOZDEF_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd hh:mm a", Locale.ENGLISH);

    private Incidents() {
    }

    /** A new one from what a handler sent: summary required, phase Identification and dateOpened now unless given. */
    static ObjectNode create(JsonNode sent, String creator, Instant now) {
        ObjectNode incident = NODES.objectNode().put("phase", PHASES.get(0)).put("dateOpened", now.toString());
        merge(incident, sent, creator, now);
        if (incident.path("summary").asText("").isBlank()) {
            throw HttpError.badRequest("summary is required");
        }
        incident.put("creator", creator);
        return incident;
    }

    /** {@code current} with the fields of {@code sent} applied; a field sent as null is removed. */
    static ObjectNode merge(ObjectNode current, JsonNode sent, String by, Instant now) {
        if (!sent.isObject()) {
            throw HttpError.badRequest("the body must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = sent.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("version") || SERVER_SET.contains(name)) {
                continue;
            }
            if (value.isNull()) {
                if (name.equals("summary") || name.equals("phase") || name.equals("dateOpened")) {
                    throw HttpError.badRequest(name + " cannot be removed");
                }
                current.remove(name);
            } else if (TEXTS.contains(name)) {
                current.put(name, text(name, value));
            } else if (DATES.contains(name)) {
                current.put(name, date(name, value));
            } else if (LISTS.contains(name)) {
                ArrayNode list = NODES.arrayNode();
                array(name, value).forEach(entry -> list.add(entry(name, entry, by, now)));
                current.set(name, list);
            } else if (name.equals("tags") || name.equals("alerts")) {
                ArrayNode list = NODES.arrayNode();
                array(name, value).forEach(entry -> list.add(text(name, entry)));
                current.set(name, list);
            } else {
                throw HttpError.badRequest("unknown field " + name + "; an incident has " + String.join(", ", known()));
            }
        }
        if (current.has("phase") && !PHASES.contains(current.get("phase").asText())) {
            throw HttpError.badRequest("phase must be one of " + String.join(", ", PHASES) + ", not '" + current.get("phase").asText() + "'");
        }
        if (current.path("phase").asText().equals("Closed") && !current.has("dateClosed")) {
            current.put("dateClosed", now.toString());
        }
        current.put("dateModified", now.toString());
        current.put("modifiedBy", by);
        return current;
    }

    /**
     * One entry of a list: its text, who wrote it and when — the signed-in user and this request's time, whatever the
     * client says (an entry's author is what a handler trusts when reading an incident).
     */
    static ObjectNode entry(String list, JsonNode sent, String by, Instant now) {
        JsonNode text = sent.isObject() ? sent.path("text") : sent;
        if (!text.isTextual()) {
            throw HttpError.badRequest(list + " entries are texts or objects with a text");
        }
        if (text.asText().isBlank()) {
            throw HttpError.badRequest(list + " entries are not empty");
        }
        return NODES.objectNode().put("text", text.asText()).put("author", by).put("date", now.toString());
    }

    private static List<String> known() {
        List<String> known = new java.util.ArrayList<>(TEXTS);
        known.addAll(DATES);
        known.addAll(LISTS);
        known.add("tags");
        known.add("alerts");
        known.sort(null);
        return known;
    }

    private static Iterable<JsonNode> array(String name, JsonNode value) {
        if (!value.isArray()) {
            throw HttpError.badRequest(name + " must be a list");
        }
        return value;
    }

    private static String text(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw HttpError.badRequest(name + " must be a text");
        }
        return value.asText();
    }

    /** ISO 8601 (with a zone, or UTC when none), or MozDef's {@code 2017-03-01 09:30 PM} (UTC). */
    static String date(String name, JsonNode value) {
        String text = text(name, value).strip();
        try {
            return OffsetDateTime.parse(text).toInstant().toString();
        } catch (DateTimeParseException notZoned) {
            for (DateTimeFormatter format : List.of(DateTimeFormatter.ISO_LOCAL_DATE_TIME, MOZDEF_DATE)) {
                try {
                    return LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC).toString();
                } catch (DateTimeParseException e) {
                    // the next format
                }
            }
            throw HttpError.badRequest(name + " must be a date (2024-05-01T13:00:00Z or 2024-05-01 01:00 PM), not '" + text + "'");
        }
    }
}
