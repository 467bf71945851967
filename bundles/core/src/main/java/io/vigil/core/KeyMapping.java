package io.vigil.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * MozDef's {@code keyMapping}: maps the keys shippers use (logstash, nxlog, beaver, heka, syslog-ng, CEF) onto
 * the MozDef event schema. Keys are taken in order, {@code @} stripped and lower-cased; a later key wins.
 * Where MozDef's code does something it plainly did not mean, this does what it meant: {@code tags} and
 * {@code payload} match exactly (MozDef tested substrings, so a key {@code a} counted as both), and nxlog's
 * Windows events get all their fields in {@code details} (MozDef copied only the last one), and so do Windows events in
 * the shape evtx converters write ({@link EvtxEvents}) and as winlogbeat sends them ({@link WinlogbeatEvents}), which
 * MozDef dropped; ECS's {@code host} object gives its name as the host name, not its JSON text.
 */
public final class KeyMapping {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String mozdefHostname;
    private final Clock clock;

    public KeyMapping(String mozdefHostname, Clock clock) {
        this.mozdefHostname = mozdefHostname;
        this.clock = clock;
    }

    public ObjectNode map(ObjectNode input) throws RejectedEventException {
        ObjectNode out = JSON.objectNode();
        out.put("receivedtimestamp", ToUtc.now(clock));
        out.put("mozdefhostname", mozdefHostname);
        ObjectNode details = out.putObject("details");
        boolean hasSummary = input.has("summary");
        boolean nxlogWindows = input.has("Domain") && input.has("SourceModuleType");
        for (Iterator<Map.Entry<String, JsonNode>> fields = input.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey().replace("@", "").toLowerCase(Locale.ROOT);
            JsonNode value = field.getValue();
            map(key, value, out, details, hasSummary);
            if (nxlogWindows) {
                details.set(key, value);
            }
        }
        if (!out.has("utctimestamp")) {
            out.put("utctimestamp", ToUtc.now(clock));
        }
        out.put("type", "event");
        return out;
    }

    private void map(String key, JsonNode value, ObjectNode out, ObjectNode details, boolean hasSummary)
            throws RejectedEventException {
        switch (key) {
            case "sourceip" -> details.set("eventsourceipaddress", value);
            case "source" -> out.set("source", value);
            case "facility" -> {
                out.set("source", value);
                out.put("facility", text(value));
            }
            case "syslogfacility" -> out.put("facility", text(value));
            case "message", "summary" -> out.put("summary", text(value));
            case "payload" -> {
                if (hasSummary) {
                    details.put("payload", text(value));
                } else {
                    out.put("summary", text(value));
                }
            }
            case "eventtime", "timestamp", "utctimestamp", "date" -> {
                String time = ToUtc.isoformat(ToUtc.parse(value, clock));
                out.put("utctimestamp", time);
                out.put("timestamp", time);
            }
            case "hostname", "source_host" -> out.put("hostname", text(value));
            // Beats send ECS's host object: its name, not the object's text as MozDef would store
            case "host" -> out.put("hostname", value.isObject() ? value.path("name").asText(value.path("hostname").asText(text(value))) : text(value));
            case "tags" -> {
                ArrayNode tags = out.has("tags") ? (ArrayNode) out.get("tags") : out.putArray("tags");
                if (value.isArray()) {
                    tags.addAll((ArrayNode) value);
                } else if (!text(value).isEmpty()) {
                    tags.add(value);
                }
            }
            case "syslogseverity", "severity", "severityvalue", "level", "priority" ->
                    out.put("severity", text(value).toUpperCase(Locale.ROOT));
            case "pid", "processid" -> out.put("processid", text(value));
            case "pname", "processname", "sourcename", "program" -> out.put("processname", text(value));
            case "path", "logger", "file" -> out.put("eventsource", text(value));
            case "type", "eventtype", "category" -> out.put("category", text(value));
            case "fields", "details" -> {
                if (value.isObject()) {
                    details.setAll((ObjectNode) value);
                } else {
                    details.set("message", value);
                }
            }
            default -> {
                if (key.equals("event") && EvtxEvents.is(value)) {
                    EvtxEvents.layOut(value, out, details, clock);
                } else if (key.equals("winlog") && WinlogbeatEvents.is(value)) {
                    WinlogbeatEvents.layOut(value, out, details);
                } else if (key.startsWith("fields.") || key.startsWith("details.")) {
                    oneOff(key.replace("fields.", "").replace("details.", ""), value, details);
                }
            }
        }
    }

    /** {@code details.x} sent flat; the shipper chooses the type with an {@code _int} or {@code _float} suffix. */
    private static void oneOff(String name, JsonNode value, ObjectNode details) throws RejectedEventException {
        try {
            if (name.endsWith("_int")) {
                details.put(name, new BigDecimal(text(value).trim()).toBigIntegerExact());
            } else if (name.endsWith("_float")) {
                details.put(name, Double.parseDouble(text(value).trim()));
            } else {
                details.put(name, text(value));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RejectedEventException(name + " must be a number: " + value);
        }
    }

    /** Python's {@code str()} of a JSON value as MozDef's {@code toUnicode} gives it, JSON text for containers. */
    static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        if (value.isNull()) {
            return "None";
        }
        return value.toString();
    }
}
