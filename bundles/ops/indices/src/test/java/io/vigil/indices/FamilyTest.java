package io.vigil.indices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FamilyTest {

    @Test
    void anIndexIsAsOldAsTheLastDayItHolds() {
        assertEquals(Optional.of(LocalDate.of(2024, 2, 29)), Family.EVENTS.lastDay("events-20240229"));
        assertEquals(Optional.of(LocalDate.of(2024, 2, 29)), Family.ALERTS.lastDay("alerts-202402"), "a monthly index holds its whole month");
        assertEquals(Optional.of(LocalDate.of(2023, 2, 28)), Family.ALERTS.lastDay("alerts-202302"));
        assertEquals(Optional.empty(), Family.EVENTS.lastDay("events-20230229"), "no such day");
        assertEquals(Optional.empty(), Family.EVENTS.lastDay("events-deadletter"));
        assertEquals(Optional.empty(), Family.EVENTS.lastDay("restored-events-20240101"));
        assertEquals(Optional.empty(), Family.ALERTS.lastDay("alerts-2024"));
    }

    @Test
    void namesFollowMozDefsLayout() {
        assertEquals("events-20261231", Family.EVENTS.index(LocalDate.of(2026, 12, 31)));
        assertEquals("alerts-202612", Family.ALERTS.index(LocalDate.of(2026, 12, 31)));
        assertEquals("audit-202612", Family.AUDIT.index(LocalDate.of(2026, 12, 1)));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 31)), Family.AUDIT.lastDay("audit-202612"));
        assertEquals(Optional.empty(), Family.AUDIT.lastDay("alerts-202612"));
    }

    @Test
    void retentionDaysAreZeroOrMore() {
        assertThrows(IllegalArgumentException.class, () -> new Retention(-1, 0));
    }
}
