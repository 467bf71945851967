package io.vigil.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One syslog message, RFC 5424 or RFC 3164 (BSD), as the raw event MozDef's key mapping takes: {@code timestamp},
 * {@code hostname}, {@code program} (→ processname), {@code pid} (→ processid), {@code facility} (→ source and
 * facility), {@code severity}, {@code summary} (the message), {@code category} syslog, and {@code details}: the
 * structured data by SD-ID, the MSGID, and the keys of a JSON message (what rsyslog's and syslog-ng's JSON templates
 * send, with or without the {@code @cee:} cookie); the message without the white space senders put around it. A JSON message that carries its own {@code summary} is taken as
 * the event itself, the header filling what it lacks. A message that is neither becomes an event tagged
 * {@code parse_error} with the line as its summary: never lost.
 */
public final class SyslogParser {

    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
            "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");
    static final List<String> SEVERITIES = List.of("EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PRI = Pattern.compile("<(\\d{1,3})>");
    /** RFC 3164 §4.1.2: "Mmm dd hh:mm:ss", the day space-padded; some senders add fractions or a year. */
    private static final Pattern BSD_TIME = Pattern.compile("([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})?(?: (\\d{4}))? ");
    private static final Pattern TAG = Pattern.compile("([^\\s\\[\\]:]{1,128})(?:\\[([^\\]\\s]{1,32})])?: ?");
    private static final DateTimeFormatter BSD = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("MMM d HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd().parseDefaulting(ChronoField.YEAR, 2000)
            .toFormatter(Locale.ENGLISH);

    private final Clock clock;
    private final ZoneId zone;

    /** @param zone where RFC 3164 senders' clocks are, their timestamps carrying none */
    public SyslogParser(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public ObjectNode parse(String line, String peer) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        Matcher pri = PRI.matcher(text);
        int priority = pri.lookingAt() ? Integer.parseInt(pri.group(1)) : -1;
        ObjectNode event = skeleton(peer);
        boolean parsed;
        try {
            ObjectNode details = (ObjectNode) event.get("details");
            parsed = priority >= 0 && priority <= 191
                    && (text.startsWith("1 ", pri.end()) ? rfc5424(text, pri.end() + 2, event, details) : rfc3164(text, pri.end(), event, details));
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            parsed = false;
        }
        if (!parsed) {
            ObjectNode kept = skeleton(peer);
            ((ObjectNode) kept.get("details")).put("raw", line);
            kept.put("summary", line);
            kept.putArray("tags").add("syslog").add("parse_error");
            return kept;
        }
        event.put("facility", FACILITIES.get(priority / 8));
        event.put("severity", SEVERITIES.get(priority % 8));
        event.putArray("tags").add("syslog");
        return message(event);
    }

    /** What every event of this input has: category syslog, and the sender's address in details. */
    private static ObjectNode skeleton(String peer) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        ObjectNode details = event.putObject("details");
        if (peer != null) {
            details.put("peer", peer);
        }
        event.put("category", "syslog");
        return event;
    }

    /** {@code VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]}, after "1 ". */
    private boolean rfc5424(String text, int start, ObjectNode event, ObjectNode details) {
        String[] header = new String[5];
        int at = start;
        for (int i = 0; i < header.length; i++) {
            int space = text.indexOf(' ', at);
            if (space < 0) {
                return false;
            }
            header[i] = text.substring(at, space);
            at = space + 1;
        }
        if (!header[0].equals("-")) {
            event.put("timestamp", OffsetDateTime.parse(header[0]).toString());
        }
        put(event, "hostname", header[1]);
        put(event, "program", header[2]);
        put(event, "pid", header[3]);
        if (!header[4].equals("-")) {
            details.put("msgid", header[4]);
        }
        if (text.startsWith("-", at)) {
            at++;
        } else {
            at = StructuredData.parse(text, at, details);
            if (at < 0) {
                return false;
            }
        }
        String message = at < text.length() ? text.substring(at) : "";
        // RFC 5424 §6.4: a UTF-8 message may start with a byte order mark.
        event.put("summary", (message.strip().startsWith("\uFEFF") ? message.strip().substring(1) : message).strip());
        return true;
    }

    /** {@code TIMESTAMP SP HOSTNAME SP TAG[PID]: MSG}; what lacks a timestamp is all message, as RFC 3164 §4.3.3 says. */
    private boolean rfc3164(String text, int start, ObjectNode event, ObjectNode details) {
        Matcher time = BSD_TIME.matcher(text).region(start, text.length());
        if (!time.lookingAt()) {
            event.put("summary", text.substring(start).strip());
            details.put("timestamp_missing", true);
            return true;
        }
        LocalDateTime local = LocalDateTime.parse(time.group(1) + " " + time.group(2) + " " + time.group(3) + (time.group(4) == null ? "" : time.group(4)), BSD);
        event.put("timestamp", (time.group(5) != null ? local.withYear(Integer.parseInt(time.group(5))).atZone(zone) : inYear(local)).toOffsetDateTime().toString());
        int at = time.end();
        int space = text.indexOf(' ', at);
        String rest;
        if (space > 0 && TAG.matcher(text).region(space + 1, text.length()).lookingAt()) {
            event.put("hostname", text.substring(at, space));
            rest = text.substring(space + 1);
        } else {
            // "Mmm dd hh:mm:ss TAG: MSG": a local sender (rsyslog's default forward template always has the host).
            rest = text.substring(at);
        }
        Matcher tag = TAG.matcher(rest);
        if (tag.lookingAt()) {
            event.put("program", tag.group(1));
            put(event, "pid", tag.group(2) == null ? "-" : tag.group(2));
            rest = rest.substring(tag.end());
        }
        event.put("summary", rest.strip());
        return true;
    }

    /**
     * RFC 3164 timestamps have no year: this year's date, unless that is more than a day ahead of now, when it is
     * last year's (a December message read in January); no zone either: the configured one.
     */
    private ZonedDateTime inYear(LocalDateTime local) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        MonthDay day = MonthDay.from(local);
        ZonedDateTime candidate = local.withYear(day.isValidYear(now.getYear()) ? now.getYear() : now.getYear() - 1).atZone(zone);
        return candidate.isAfter(now.plusDays(1)) ? candidate.minusYears(1) : candidate;
    }

    /** A JSON message: its keys in details, or the event itself when it has a summary (the header fills the rest). */
    private static ObjectNode message(ObjectNode event) {
        String summary = event.path("summary").asText().trim();
        String json = summary.startsWith("@cee:") ? summary.substring(5).trim() : summary;
        if (!json.startsWith("{")) {
            return event;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(json);
        } catch (java.io.IOException e) {
            return event;
        }
        if (!parsed.isObject()) {
            return event;
        }
        ObjectNode body = (ObjectNode) parsed;
        if (body.has("summary")) {
            ObjectNode details = (ObjectNode) event.get("details");
            if (body.path("details").isObject()) {
                details.setAll((ObjectNode) body.get("details"));
            }
            body.set("details", details);
            event.fieldNames().forEachRemaining(name -> {
                if (!body.has(name)) {
                    body.set(name, event.get(name));
                }
            });
            return body;
        }
        ((ObjectNode) event.get("details")).setAll(body);
        return event;
    }

    private static void put(ObjectNode event, String key, String value) {
        if (!value.equals("-")) {
            event.put(key, value);
        }
    }
}
