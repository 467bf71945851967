package io.vigil.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.sigma.Throttle.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static ObjectNode event(String host, String address) {
        ObjectNode event = JSON.createObjectNode().put("hostname", host);
        event.putObject("details").put("sourceipaddress", address);
        return event;
    }

    /** How many of {@code matches} new events, a second apart from {@code time}, are raised. */
    private static int raised(Throttle throttle, String rule, ObjectNode event, Instant time, int matches) {
        int raised = 0;
        for (int i = 0; i < matches; i++) {
            raised += throttle.decide(rule, rule + time + i, event, time.plusSeconds(i)) == Decision.RAISE ? 1 : 0;
        }
        return raised;
    }

    @Test
    void aRuleRaisesAtMostItsLimitPerGroupAndPeriodOfEventTime() {
        Throttle throttle = new Throttle(3, Duration.ofMinutes(10), List.of("hostname", "details.sourceipaddress"));
        assertEquals(3, raised(throttle, "r1", event("ws1", "10.0.0.1"), T0, 5));
        assertEquals(3, raised(throttle, "r1", event("ws1", "10.0.0.2"), T0, 4), "another address is another group");
        assertEquals(3, raised(throttle, "r2", event("ws1", "10.0.0.1"), T0, 4), "another rule");
        assertEquals(3, raised(throttle, "r1", event("ws1", "10.0.0.1"), T0.plus(Duration.ofMinutes(10)), 4), "the next period");
        assertEquals(0, raised(throttle, "r1", event("ws1", "10.0.0.1"), T0.plusSeconds(500), 1), "still the first period");
        assertEquals(List.of("ws1", "10.0.0.1"), throttle.group(event("ws1", "10.0.0.1")));
    }

    /** A catch-up reads events back that were checked already: each is decided as it was, and takes no second place. */
    @Test
    void anEventCheckedAgainIsDecidedAsBefore() {
        Throttle throttle = new Throttle(2, Duration.ofMinutes(10), List.of("hostname"));
        ObjectNode event = event("ws1", "10.0.0.1");
        assertEquals(Decision.RAISE, throttle.decide("r1", "e1", event, T0));
        assertEquals(Decision.RAISE, throttle.decide("r1", "e1", event, T0));
        assertEquals(Decision.RAISE, throttle.decide("r1", "e2", event, T0));
        assertEquals(Decision.THROTTLE_FIRST, throttle.decide("r1", "e3", event, T0));
        assertEquals(Decision.THROTTLE, throttle.decide("r1", "e4", event, T0));
        assertEquals(Decision.RAISE, throttle.decide("r1", "e1", event, T0));
        assertEquals(Decision.THROTTLE, throttle.decide("r1", "e3", event, T0));
    }

    @Test
    void noLimitRaisesEveryMatch() {
        Throttle throttle = new Throttle(0, Duration.ofMinutes(10), List.of());
        assertEquals(1000, raised(throttle, "r1", event("ws1", "10.0.0.1"), T0, 1000));
    }
}
