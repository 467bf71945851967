package io.vigil.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogParserTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-02T10:00:00Z"), ZoneOffset.UTC);
    private final SyslogParser parser = new SyslogParser(NOW, ZoneId.of("UTC"));

    @Test
    void readsRfc5424WithStructuredDataAndABom() {
        ObjectNode event = parser.parse("<165>1 2026-01-02T09:59:58.123+01:00 web7.example.org sshd 4242 ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" note=\"a \\\"quoted\\\" \\] and \\x\"][origin ip=\"10.1.2.3\"] \uFEFFFailed password for root", "10.9.9.9");
        assertEquals("2026-01-02T09:59:58.123+01:00", event.path("timestamp").asText());
        assertEquals("web7.example.org", event.path("hostname").asText());
        assertEquals("sshd", event.path("program").asText());
        assertEquals("4242", event.path("pid").asText());
        assertEquals("local4", event.path("facility").asText());
        assertEquals("NOTICE", event.path("severity").asText());
        assertEquals("Failed password for root", event.path("summary").asText());
        assertEquals("syslog", event.path("category").asText());
        assertEquals("ID47", event.at("/details/msgid").asText());
        assertEquals("3", event.at("/details/exampleSDID@32473/iut").asText());
        assertEquals("a \"quoted\" ] and \\x", event.at("/details/exampleSDID@32473/note").asText());
        assertEquals("10.1.2.3", event.at("/details/origin/ip").asText());
        assertEquals("10.9.9.9", event.at("/details/peer").asText());
        assertEquals("[\"syslog\"]", event.path("tags").toString());
    }

    @Test
    void readsRfc5424WithNilValuesAndNoMessage() {
        ObjectNode event = parser.parse("<14>1 - - - - - -", null);
        assertFalse(event.has("timestamp"));
        assertFalse(event.has("hostname"));
        assertEquals("", event.path("summary").asText());
        assertEquals("user", event.path("facility").asText());
        assertEquals("INFO", event.path("severity").asText());
        // rsyslog's RFC 5424 forwarding keeps the space a BSD message had after its tag.
        assertEquals("spaced out", parser.parse("<14>1 - h a - - -  spaced out ", null).path("summary").asText());
    }

    @Test
    void readsRfc3164WithTheYearAndZoneRules() {
        ObjectNode event = parser.parse("<38>Jan  2 09:59:01 bastion sshd[811]: Accepted publickey for alice", null);
        assertEquals("2026-01-02T09:59:01Z", event.path("timestamp").asText());
        assertEquals("bastion", event.path("hostname").asText());
        assertEquals("sshd", event.path("program").asText());
        assertEquals("811", event.path("pid").asText());
        assertEquals("auth", event.path("facility").asText());
        assertEquals("INFO", event.path("severity").asText());
        assertEquals("Accepted publickey for alice", event.path("summary").asText());
        // Read on 2 January, a 31 December stamp is last year's.
        assertEquals("2025-12-31T23:59:59Z", parser.parse("<13>Dec 31 23:59:59 host1 cron: x", null).path("timestamp").asText());
        SyslogParser berlin = new SyslogParser(NOW, ZoneId.of("Europe/Berlin"));
        assertEquals("2026-01-02T10:59:01+01:00", berlin.parse("<13>Jan  2 10:59:01 host1 kernel: x", null).path("timestamp").asText());
    }

    @Test
    void readsRfc3164WithoutHostOrPid() {
        ObjectNode event = parser.parse("<13>Jan  2 09:00:00 myapp: started", null);
        assertEquals("myapp", event.path("program").asText());
        assertFalse(event.has("hostname"));
        assertFalse(event.has("pid"));
        assertEquals("started", event.path("summary").asText());
        ObjectNode bare = parser.parse("<13>just a message", null);
        assertEquals("just a message", bare.path("summary").asText());
    }

    @Test
    void putsAJsonMessagesKeysInDetailsAndTakesAMozdefEventAsIs() {
        ObjectNode keys = parser.parse("<134>1 2026-01-02T09:00:00Z h app - - - @cee:{\"user\":\"bob\",\"bytes\":12}", null);
        assertEquals("bob", keys.at("/details/user").asText());
        assertEquals(12, keys.at("/details/bytes").asInt());
        ObjectNode mozdef = parser.parse("<134>Jan  2 09:00:00 h app: {\"summary\":\"login ok\",\"category\":\"authentication\",\"details\":{\"user\":\"bob\"}}", "10.0.0.5");
        assertEquals("login ok", mozdef.path("summary").asText());
        assertEquals("authentication", mozdef.path("category").asText());
        assertEquals("bob", mozdef.at("/details/user").asText());
        assertEquals("10.0.0.5", mozdef.at("/details/peer").asText());
        assertEquals("h", mozdef.path("hostname").asText());
        assertEquals("local0", mozdef.path("facility").asText());
    }

    @Test
    void keepsWhatItCannotReadTaggedParseError() {
        for (String line : new String[] {"no priority at all", "<999>1 x", "<13>1 not-a-time h a p m - x", "<13>1 2026-01-02T09:00:00Z h a p m [broken sd"}) {
            ObjectNode event = parser.parse(line, "10.0.0.1");
            assertEquals(line, event.path("summary").asText());
            assertEquals(line, event.at("/details/raw").asText());
            assertEquals("[\"syslog\",\"parse_error\"]", event.path("tags").toString());
            assertEquals("10.0.0.1", event.at("/details/peer").asText());
        }
    }
}
