package io.vigil.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** A client cannot write a note in another's name or date it: the author is who is signed in, the date the request's. */
    @Test
    void anEntrysAuthorAndDateAreTheServersWhateverTheClientSends() throws Exception {
        ObjectNode entry = Incidents.entry("notes", json("{\"text\":\"contained\",\"author\":\"the-ciso\",\"date\":\"2020-01-01T00:00:00Z\"}"), "hank", NOW);
        assertEquals("{\"text\":\"contained\",\"author\":\"hank\",\"date\":\"2026-12-01T10:00:00Z\"}", entry.toString());
        assertEquals("notes entries are not empty", assertThrows(HttpError.class, () -> Incidents.entry("notes", json("{\"text\":\" \"}"), "h", NOW)).getMessage());
    }

    @Test
    void aNewIncidentHasItsDefaultsAndItsCreator() throws Exception {
        ObjectNode incident = Incidents.create(json("{\"summary\":\"phish\",\"dateDiscovered\":\"2017-03-01 09:30 PM\",\"notes\":[\"seen\"],\"creator\":\"forged\"}"), "hank", NOW);
        assertEquals("Identification", incident.get("phase").asText());
        assertEquals("2026-12-01T10:00:00Z", incident.get("dateOpened").asText());
        assertEquals("2017-03-01T21:30:00Z", incident.get("dateDiscovered").asText());
        assertEquals("hank", incident.get("creator").asText());
        assertEquals("{\"text\":\"seen\",\"author\":\"hank\",\"date\":\"2026-12-01T10:00:00Z\"}", incident.get("notes").get(0).toString());
    }

    @Test
    void mistakesAreRefusedWithTheFieldNamed() {
        assertEquals("summary is required", assertThrows(HttpError.class, () -> Incidents.create(json("{}"), "h", NOW)).getMessage());
        assertEquals(400, assertThrows(HttpError.class, () -> Incidents.create(json("{\"summary\":\"s\",\"phse\":\"x\"}"), "h", NOW)).status());
        assertEquals("phase must be one of Identification, Containment, Eradication, Recovery, Lessons Learned, Closed, not 'Done'",
                assertThrows(HttpError.class, () -> Incidents.create(json("{\"summary\":\"s\",\"phase\":\"Done\"}"), "h", NOW)).getMessage());
        assertEquals(400, assertThrows(HttpError.class, () -> Incidents.create(json("{\"summary\":\"s\",\"dateClosed\":\"yesterday\"}"), "h", NOW)).status());
        assertEquals("tags must be a list", assertThrows(HttpError.class, () -> Incidents.create(json("{\"summary\":\"s\",\"tags\":\"x\"}"), "h", NOW)).getMessage());
    }

    @Test
    void mergingChangesOnlyWhatIsSentAndClosingDatesIt() throws Exception {
        ObjectNode incident = Incidents.create(json("{\"summary\":\"s\",\"description\":\"d\"}"), "hank", NOW);
        Incidents.merge(incident, json("{\"phase\":\"Closed\",\"description\":null,\"version\":\"1.1\"}"), "ada", NOW.plusSeconds(60));
        assertEquals("s", incident.get("summary").asText());
        assertFalse(incident.has("description"));
        assertFalse(incident.has("version"));
        assertEquals("2026-12-01T10:01:00Z", incident.get("dateClosed").asText());
        assertEquals("ada", incident.get("modifiedBy").asText());
        assertEquals("hank", incident.get("creator").asText());
    }
}
