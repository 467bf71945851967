package io.vigil.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventRoutesTest {

    /** A viewer asks for one event: only a daily event index named in full is read, never a list or pattern of indices. */
    @Test
    void oneEventIsReadFromOneEventIndexOnly() {
        Api api = new Api((name, password, address) -> Optional.of(new User(name, Role.VIEWER)),
                new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), false, Clock.systemUTC(), user -> user),
                new AuditTrail((index, id, record) -> { }, Clock.systemUTC()));
        // No documents behind: a request that got as far as reading would fail with a 500.
        new EventRoutes("events-*", null, null).register(api);
        Map<String, String> viewer = Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("vera:x".getBytes(StandardCharsets.UTF_8)));
        for (String index : new String[] {"events-20261207,vigil-sigma-state", "events-*", "events-2026%2Cusers", "alerts-202612", "events-"}) {
            Reply reply = api.handle("GET", "/api/events/" + index + "/id1", null, viewer, null, "192.0.2.1");
            assertEquals(404, reply.status(), index + ": " + reply.body());
        }
    }
}
