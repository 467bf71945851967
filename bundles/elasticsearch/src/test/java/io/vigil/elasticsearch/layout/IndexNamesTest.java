package io.vigil.elasticsearch.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndexNamesTest {

    @Test
    void eventsIndexIsTheUtcDayOfReceipt() {
        assertEquals("events-20261127", IndexNames.eventsIndex(Instant.parse("2026-11-27T23:59:59.999Z")));
        assertEquals("events-20261128", IndexNames.eventsIndex(Instant.parse("2026-11-28T00:00:00Z")));
    }

    @Test
    void alertsIndexIsTheUtcMonth() {
        assertEquals("alerts-202612", IndexNames.alertsIndex(Instant.parse("2026-12-31T23:00:00Z")));
        assertEquals("alerts-202701", IndexNames.alertsIndex(Instant.parse("2027-01-01T00:00:00Z")));
    }
}
