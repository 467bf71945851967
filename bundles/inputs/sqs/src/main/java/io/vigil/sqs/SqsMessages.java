package io.vigil.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.BadRequestException;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an SQS message holds, as MozDef's SQS workers read it: a JSON event (or base64 of one, as boto wrote them), an
 * SNS notification (MozDef's {@code esworker_sns_sqs}: the {@code Message} mapped to an event), an S3 notification of
 * CloudTrail log files (the objects to fetch), or a GuardDuty finding from EventBridge. Reading the CloudTrail files
 * themselves is {@link #cloudtrail}.
 */
public final class SqsMessages {

    /** What a message is: events to key-map, events already in MozDef's schema, and S3 objects of CloudTrail records. */
    public record Contents(List<ObjectNode> raw, List<ObjectNode> normalised, List<S3Object> cloudtrailFiles) {
    }

    public record S3Object(String bucket, String key) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String queueName;
    private final String mozdefHostname;
    private final Clock clock;

    /** @param queueName MozDef's {@code taskexchange}: the tag SQS events get */
    public SqsMessages(String queueName, String mozdefHostname, Clock clock) {
        this.queueName = queueName;
        this.mozdefHostname = mozdefHostname;
        this.clock = clock;
    }

    /** The contents of a message body; a body that is no JSON object or array (nor base64 of one) is refused. */
    public Contents read(String body) throws BadRequestException {
        JsonNode message = parse(body);
        Contents contents = new Contents(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        if (message.isArray()) {
            for (JsonNode element : message) {
                add(element, contents);
            }
        } else {
            add(message, contents);
        }
        if (contents.raw().isEmpty() && contents.normalised().isEmpty() && contents.cloudtrailFiles().isEmpty()) {
            throw new BadRequestException(400, "no event in the message");
        }
        return contents;
    }

    private void add(JsonNode message, Contents contents) throws BadRequestException {
        if (!(message instanceof ObjectNode object)) {
            throw new BadRequestException(400, "the message holds " + message.getNodeType().toString().toLowerCase(Locale.ROOT) + ", not an object");
        }
        if ("Notification".equals(object.path("Type").asText()) && object.path("Message").isTextual()) {
            JsonNode inner = tryParse(object.get("Message").textValue());
            if (inner != null && (isS3Notification(inner) || isGuardDuty(inner))) {
                add(inner, contents);
            } else {
                contents.normalised().add(sns(object));
            }
        } else if (isS3Notification(object)) {
            for (JsonNode record : object.get("Records")) {
                contents.cloudtrailFiles().add(new S3Object(record.at("/s3/bucket/name").asText(), record.at("/s3/object/key").asText()));
            }
        } else if (isGuardDuty(object)) {
            contents.normalised().add(guardDuty(object));
        } else {
            ObjectNode event = object.deepCopy();
            ArrayNode tags = event.get("tags") instanceof ArrayNode list ? list : event.putArray("tags");
            tags.add(queueName);
            contents.raw().add(event);
        }
    }

    /** MozDef's SNS worker: the notification's {@code Message}, a JSON object or plain text, as an event. */
    ObjectNode sns(ObjectNode notification) {
        ObjectNode event = NODES.objectNode();
        event.put("receivedtimestamp", ToUtc.now(clock));
        event.put("mozdefhostname", mozdefHostname);
        event.putArray("tags").add(queueName);
        event.put("severity", "INFO");
        ObjectNode details = event.putObject("details");
        String text = notification.get("Message").textValue();
        JsonNode message = tryParse(text);
        if (!(message instanceof ObjectNode fields)) {
            event.put("summary", text);
            return event;
        }
        for (Iterator<Map.Entry<String, JsonNode>> entries = fields.fields(); entries.hasNext();) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode value = entry.getValue();
            switch (entry.getKey()) {
                case "type", "category" -> {
                    event.set("category", value);
                    event.put("type", "event");
                }
                case "processid", "pid" -> event.put("processid", (value.isTextual() ? value.textValue() : value.toString()).replace("[", "").replace("]", ""));
                case "processname", "pname" -> event.set("processname", value);
                case "hostname" -> event.set("hostname", value);
                case "time", "timestamp" -> {
                    String time = time(value);
                    event.put("timestamp", time);
                    event.put("utctimestamp", time);
                }
                case "summary", "payload", "message" -> event.put("summary", value.asText().stripLeading());
                case "source" -> event.set("source", value);
                case "fields", "details" -> {
                    if (value instanceof ObjectNode object) {
                        details.setAll(object);
                    } else {
                        details.set("message", value);
                    }
                }
                default -> details.set(entry.getKey(), value);
            }
        }
        return event;
    }

    /**
     * The CloudTrail records of a log file (gunzipped JSON {@code {"Records":[...]}}) as MozDef's CloudTrail worker
     * shapes them: source and category cloudtrail, a summary of who did what where, the record's fields in details.
     */
    public List<ObjectNode> cloudtrail(byte[] json) throws BadRequestException {
        JsonNode file;
        try {
            file = JSON.readTree(json);
        } catch (IOException e) {
            throw new BadRequestException(400, "CloudTrail file is no JSON: " + e.getMessage());
        }
        List<ObjectNode> events = new ArrayList<>();
        for (JsonNode record : file.path("Records")) {
            if (!(record instanceof ObjectNode fields)) {
                continue;
            }
            ObjectNode event = NODES.objectNode();
            event.put("receivedtimestamp", ToUtc.now(clock));
            event.put("mozdefhostname", mozdefHostname);
            event.put("source", "cloudtrail");
            event.put("category", "cloudtrail");
            event.put("severity", "INFO");
            event.putArray("tags").add(queueName);
            if (fields.has("eventTime")) {
                String time = time(fields.get("eventTime"));
                event.put("timestamp", time);
                event.put("utctimestamp", time);
            }
            event.put("summary", fields.path("sourceIPAddress").asText("") + " performed " + fields.path("eventName").asText("") + " in "
                    + fields.path("eventSource").asText(""));
            ObjectNode details = event.putObject("details");
            fields.fields().forEachRemaining(field -> details.set(field.getKey().toLowerCase(Locale.ROOT), field.getValue()));
            details.put("eventVerb", verb(fields.path("eventName").asText("")));
            details.put("eventReadOnly", fields.path("readOnly").asBoolean(verb(fields.path("eventName").asText("")).matches("Describe|Get|List|Head")));
            events.add(event);
        }
        return events;
    }

    /** A GuardDuty finding delivered by EventBridge: source guardduty and the finding in details, for the guardDuty plugin. */
    private ObjectNode guardDuty(ObjectNode envelope) {
        ObjectNode event = NODES.objectNode();
        event.put("receivedtimestamp", ToUtc.now(clock));
        event.put("mozdefhostname", mozdefHostname);
        event.put("source", "guardduty");
        event.putArray("tags").add(queueName);
        JsonNode finding = envelope.path("detail");
        ObjectNode details = finding instanceof ObjectNode object ? object.deepCopy() : NODES.objectNode();
        // MozDef's GuardDuty worker names the finding type "category" and the service part "finding".
        if (details.has("type")) {
            details.set("category", details.remove("type"));
        }
        if (details.has("service")) {
            details.set("finding", details.remove("service"));
        }
        event.set("details", details);
        event.set("summary", details.path("title").isMissingNode() ? NODES.textNode("GuardDuty finding") : details.get("title"));
        String time = details.has("updatedAt") ? time(details.get("updatedAt")) : ToUtc.now(clock);
        event.put("timestamp", time);
        event.put("utctimestamp", time);
        return event;
    }

    private String time(JsonNode value) {
        try {
            return ToUtc.isoformat(ToUtc.parse(value, clock));
        } catch (RejectedEventException e) {
            return ToUtc.now(clock);
        }
    }

    /** The verb of an AWS API call name: {@code DescribeInstances} is {@code Describe}. */
    private static String verb(String eventName) {
        for (int i = 1; i < eventName.length(); i++) {
            if (Character.isUpperCase(eventName.charAt(i))) {
                return eventName.substring(0, i);
            }
        }
        return eventName;
    }

    private static boolean isS3Notification(JsonNode message) {
        JsonNode records = message.path("Records");
        return records.isArray() && !records.isEmpty() && records.get(0).has("s3");
    }

    private static boolean isGuardDuty(JsonNode message) {
        return "aws.guardduty".equals(message.path("source").asText()) && message.has("detail");
    }

    private static JsonNode parse(String body) throws BadRequestException {
        JsonNode message = tryParse(body);
        if (message == null || !message.isContainerNode()) {
            String trimmed = body.strip();
            try {
                JsonNode decoded = tryParse(new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8));
                if (decoded != null && decoded.isContainerNode()) {
                    return decoded;
                }
            } catch (IllegalArgumentException e) {
                // not base64 either: refused below
            }
            throw new BadRequestException(400, "the message is neither JSON nor base64 of JSON");
        }
        return message;
    }

    private static JsonNode tryParse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
