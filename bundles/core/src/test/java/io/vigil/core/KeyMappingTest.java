package io.vigil.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.RejectedEventException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class KeyMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyMapping mapping = new KeyMapping("vigil.test", Clock.fixed(Instant.parse("2026-11-27T10:00:00.25Z"), ZoneOffset.UTC));

    private ObjectNode map(String json) throws Exception {
        return mapping.map((ObjectNode) JSON.readTree(json));
    }

    @Test
    void laterKeysWinAndDefaultsAreSet() throws Exception {
        ObjectNode event = map("{\"summary\":\"first\",\"message\":\"second\",\"@host\":\"web1\",\"pid\":42,\"level\":\"warning\"}");
        assertEquals("second", event.path("summary").asText());
        assertEquals("web1", event.path("hostname").asText());
        assertEquals("42", event.path("processid").textValue());
        assertEquals("WARNING", event.path("severity").asText());
        assertEquals("vigil.test", event.path("mozdefhostname").asText());
        assertEquals("2026-11-27T10:00:00.250000+00:00", event.path("receivedtimestamp").asText());
        assertEquals("2026-11-27T10:00:00.250000+00:00", event.path("utctimestamp").asText());
        assertFalse(event.has("timestamp"));
        assertEquals("event", event.path("type").asText());
    }

    @Test
    void payloadGoesToDetailsWhenThereIsASummary() throws Exception {
        assertEquals("p", map("{\"payload\":\"p\",\"summary\":\"s\"}").at("/details/payload").asText());
        assertEquals("p", map("{\"payload\":\"p\"}").path("summary").asText());
    }

    @Test
    void tagsAreAppendedAndOnlyTheKeyTagsCounts() throws Exception {
        assertEquals("[\"a\",\"b\",\"c\"]", map("{\"tags\":[\"a\",\"b\"],\"TAGS\":\"c\",\"Tags\":\"\"}").path("tags").toString());
        ObjectNode event = map("{\"a\":\"x\",\"ag\":\"y\",\"pay\":\"z\"}");
        assertFalse(event.has("tags"));
        assertFalse(event.has("summary"));
    }

    @Test
    void oneOffDetailsTakeTheirTypeFromTheSuffix() throws Exception {
        ObjectNode event = map("{\"details.count_int\":\"5\",\"fields.ratio_float\":\"0.5\",\"details.Name\":7}");
        assertEquals(5, event.at("/details/count_int").intValue());
        assertEquals(0.5, event.at("/details/ratio_float").doubleValue());
        assertEquals("7", event.at("/details/name").textValue());
        assertThrows(RejectedEventException.class, () -> map("{\"details.count_int\":\"five\"}"));
    }

    @Test
    void nxlogWindowsEventsKeepAllTheirFieldsInDetails() throws Exception {
        ObjectNode event = map("{\"Domain\":\"CORP\",\"SourceModuleType\":\"im_msvistalog\",\"EventID\":4624,\"Hostname\":\"dc1\"}");
        assertEquals("CORP", event.at("/details/domain").asText());
        assertEquals(4624, event.at("/details/eventid").intValue());
        assertEquals("dc1", event.path("hostname").asText());
    }

    @Test
    void aBadTimestampRejectsTheEventWithTheReason() {
        RejectedEventException rejected = assertThrows(RejectedEventException.class, () -> map("{\"timestamp\":\"soon\"}"));
        assertEquals("not a date: \"soon\"", rejected.getMessage());
    }

    /** MozDef would drop the unknown key Event whole; Vigil lays it out as nxlog's Windows events are. */
    @Test
    void evtxWindowsEventsKeepTheirFields() throws Exception {
        ObjectNode event = map("""
                {"Event":{"#attributes":{"xmlns":"x"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon"}},
                "EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"ws1",
                "TimeCreated":{"#attributes":{"SystemTime":"2026-04-17T05:24:53.092051Z"}},"Execution":{"#attributes":{"ProcessID":3208}}},
                "EventData":{"Image":"C:\\\\Windows\\\\cmd.exe","CommandLine":"cmd /c whoami"}}}""");
        assertEquals("ws1", event.path("hostname").asText());
        assertEquals("2026-04-17T05:24:53.092051+00:00", event.path("utctimestamp").asText());
        assertEquals("Microsoft-Windows-Sysmon", event.at("/details/provider_name").asText());
        assertEquals(3208, event.at("/details/execution_processid").asInt());
        assertEquals(1, event.at("/details/eventid").asInt());
        assertEquals("C:\\Windows\\cmd.exe", event.at("/details/image").asText());
        assertEquals("cmd /c whoami", event.at("/details/commandline").asText());
        assertFalse(event.path("details").has("event"));
        ObjectNode data = map("""
                {"Event":{"System":{"EventID":4688},"EventData":{"Data":[{"#attributes":{"Name":"NewProcessName"},"#text":"C:\\\\x.exe"}]}}}""");
        assertEquals("C:\\x.exe", data.at("/details/newprocessname").asText());
    }

    /**
     * winlogbeat's event (ECS, as its Elasticsearch output posts it to /_bulk): MozDef would drop winlog whole and store
     * the host object's JSON text as the host name; Vigil lays winlog out as nxlog's Windows events are.
     */
    @Test
    void winlogbeatWindowsEventsKeepTheirFields() throws Exception {
        ObjectNode event = map("""
                {"@timestamp":"2026-12-07T10:15:00.123Z","message":"Process Create:","host":{"name":"ws2","os":{"family":"windows"}},
                 "event":{"code":"1","provider":"Microsoft-Windows-Sysmon","kind":"event"},
                 "winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":"1","computer_name":"ws2.corp.example.com",
                   "provider_name":"Microsoft-Windows-Sysmon","record_id":5821,"process":{"pid":3208},"user":{"identifier":"S-1-5-18"},
                   "event_data":{"Image":"C:\\\\Windows\\\\System32\\\\whoami.exe","CommandLine":"whoami /priv","User":"CORP\\\\bob"}}}""");
        assertEquals("ws2", event.path("hostname").asText());
        assertEquals("2026-12-07T10:15:00.123000+00:00", event.path("utctimestamp").asText());
        assertEquals("Process Create:", event.path("summary").asText());
        assertEquals("Microsoft-Windows-Sysmon/Operational", event.at("/details/channel").asText());
        assertEquals(1, event.at("/details/eventid").intValue());
        assertEquals("ws2.corp.example.com", event.at("/details/computer").asText());
        assertEquals("Microsoft-Windows-Sysmon", event.at("/details/provider_name").asText());
        assertEquals(5821, event.at("/details/record_id").asInt());
        assertEquals("C:\\Windows\\System32\\whoami.exe", event.at("/details/image").asText());
        assertEquals("whoami /priv", event.at("/details/commandline").asText());
        assertEquals("CORP\\bob", event.at("/details/user").asText(), "the event's User, not winlog's user object");
        assertEquals("S-1-5-18", event.at("/details/winlog_user/identifier").asText());
        assertEquals("ws1", map("{\"winlog\":{\"channel\":\"Security\",\"computer_name\":\"ws1\"}}").path("hostname").asText());
    }
}
