package io.vigil.rest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInLimitsTest {

    private final TestClock clock = new TestClock("2026-12-07T10:00:00Z");
    private final SignInLimits limits = new SignInLimits(3, 5, 8, Duration.ofMinutes(5), clock);

    private void fail(String name, String address, int times) {
        for (int i = 0; i < times; i++) {
            limits.check(name, address);
            limits.failed(name, address);
        }
    }

    @Test
    void oneAddressGuessingANameIsRefusedWhileTheUserSignsInFromElsewhere() {
        fail("admin", "203.0.113.9", 3);
        HttpError refused = assertThrows(HttpError.class, () -> limits.check("admin", "203.0.113.9"));
        assertEquals(429, refused.status());
        assertTrue(refused.getMessage().contains("admin from 203.0.113.9: try again in 300 s"), refused.getMessage());
        assertDoesNotThrow(() -> limits.check("admin", "10.0.0.5"));
    }

    @Test
    void randomNamesFromOneAddressBuyNoMoreThanTheAddressLimit() {
        for (int i = 0; i < 5; i++) {
            fail("user" + i, "198.51.100.7", 1);
        }
        HttpError refused = assertThrows(HttpError.class, () -> limits.check("someone-new", "198.51.100.7"));
        assertTrue(refused.getMessage().startsWith("too many failed sign-ins from 198.51.100.7"), refused.getMessage());
        assertDoesNotThrow(() -> limits.check("someone-new", "198.51.100.8"));
    }

    @Test
    void manyAddressesGuessingOneNameAreSlowedDownAtTheHigherLimit() {
        for (int i = 0; i < 8; i++) {
            fail("admin", "192.0.2." + i, 1);
        }
        HttpError refused = assertThrows(HttpError.class, () -> limits.check("admin", "192.0.2.200"));
        assertTrue(refused.getMessage().contains("from many addresses"), refused.getMessage());
    }

    @Test
    void failuresAgeOutAndASuccessForgetsItsOwn() {
        fail("bob", "203.0.113.1", 2);
        limits.succeeded("bob", "203.0.113.1");
        assertEquals(0, limits.count("bob", "203.0.113.1"));
        fail("bob", "203.0.113.1", 3);
        assertThrows(HttpError.class, () -> limits.check("bob", "203.0.113.1"));
        clock.advance(Duration.ofMinutes(5));
        assertDoesNotThrow(() -> limits.check("bob", "203.0.113.1"));
    }
}
