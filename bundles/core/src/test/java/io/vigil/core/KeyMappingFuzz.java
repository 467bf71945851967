package io.vigil.core;

import static io.vigil.support.fuzz.FuzzSettings.quickly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.RejectedEventException;
import io.vigil.support.fuzz.Fuzz;
import io.vigil.support.fuzz.FuzzJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Key mapping over whatever a shipper sends, fuzzed: MozDef's keys with values of every type, Beats' and nxlog's
 * nesting, Windows event layouts — an event in Vigil's shape (a UTC timestamp, type event), or a refusal saying why,
 * never another exception.
 */
@Fuzz
class KeyMappingFuzz {

    private static final List<String> KEYS = List.of("summary", "message", "details", "fields", "payload", "utctimestamp", "timestamp", "@timestamp",
            "eventtime", "date", "hostname", "host", "source_host", "sourcename", "severity", "level", "priority", "syslogseverity", "facility",
            "syslogfacility", "processid", "pid", "processname", "pname", "program", "category", "eventtype", "type", "tags", "source", "logger", "file",
            "path", "name", "eventsource", "eventsourceipaddress", "sourceip", "severityvalue", "winlog", "event", "Domain", "SourceModuleType",
            "event_id", "event_data", "user_data", "channel", "provider_name", "record_id", "computer_name", "System", "EventData", "Data", "EventID",
            "TimeCreated", "SystemTime", "Computer", "#text", "@Name");
    private final KeyMapping mapping = new KeyMapping("vigil.test", Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC));

    @Property
    void everyObjectIsAnEventOrARefusal(@ForAll("events") ObjectNode sent) throws Exception {
        try {
            ObjectNode event = quickly(() -> mapping.map(sent.deepCopy()));
            assertEquals("event", event.path("type").asText(), event.toString());
            assertTrue(event.path("utctimestamp").isTextual(), event.toString());
            assertTrue(event.path("details").isObject(), event.toString());
        } catch (RejectedEventException refused) {
            assertTrue(!refused.getMessage().isBlank());
        }
    }

    @Provide
    Arbitrary<ObjectNode> events() {
        return FuzzJson.objects(3, KEYS);
    }
}
