package io.vigil.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.Alert;
import io.vigil.api.alert.AlertAction;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dispatcher's own logic: selection, throttle folding, retries with doubling back-off, outcomes recorded. */
class ActionDispatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps the outcomes instead of writing them to Elasticsearch. */
    private static final class Kept extends ActionRecords {
        final List<Actions.Outcome> outcomes = new ArrayList<>();

        Kept() {
            super(null);
        }

        @Override
        void write(Actions.Outcome outcome, String alertIndex, ObjectNode alert, Instant at) {
            outcomes.add(outcome);
        }
    }

    private final Kept records = new Kept();
    private final List<Duration> waits = new ArrayList<>();
    private final ActionDispatcher dispatcher = new ActionDispatcher(records, Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC), 3,
            Duration.ofMillis(100), waits::add);

    private static ObjectNode alert(String classname, String severity, String... tags) {
        ObjectNode alert = JSON.createObjectNode().put("classname", classname).put("severity", severity).put("summary", "s");
        for (String tag : tags) {
            alert.withArray("tags").add(tag);
        }
        return alert;
    }

    @Test
    void selectionPicksTheActionsOfAnAlert() throws Exception {
        List<String> ran = new ArrayList<>();
        dispatcher.addAction(alert -> ran.add("all"), Map.of(AlertAction.NAME, "all", AlertAction.SELECT, "*"));
        dispatcher.addAction(alert -> ran.add("ssh"), Map.of(AlertAction.NAME, "ssh", AlertAction.SELECT, new String[] {"tag:ssh", "rule:Other"}));
        dispatcher.addAction(alert -> ran.add("loud"), Map.of(AlertAction.NAME, "loud", AlertAction.SELECT, "severity:ERROR"));
        dispatcher.addAction(alert -> ran.add("none"), Map.of(AlertAction.NAME, "none"));
        dispatcher.dispatch("1", "alerts-202612", alert("AlertBruteforceSsh", "WARNING", "ssh"));
        assertEquals(List.of("all", "ssh"), ran);
        ran.clear();
        dispatcher.dispatch("2", "alerts-202612", alert("Other", "CRITICAL"));
        assertEquals(List.of("all", "ssh", "loud"), ran);
        assertEquals(5, records.outcomes.size());
    }

    @Test
    void aFailingActionIsRetriedWithDoublingBackOffThenRecordedFailed() throws Exception {
        int[] calls = {0};
        dispatcher.addAction(alert -> {
            calls[0]++;
            throw new IOException("endpoint down");
        }, Map.of(AlertAction.NAME, "down", AlertAction.SELECT, "*"));
        List<Actions.Outcome> outcomes = dispatcher.dispatch("1", "alerts-202612", alert("R", "NOTICE"));
        assertEquals(3, calls[0]);
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), waits);
        assertEquals("failed", outcomes.get(0).outcome());
        assertEquals(3, outcomes.get(0).attempts());
        assertEquals("endpoint down", outcomes.get(0).error());
        assertEquals(outcomes, records.outcomes);
    }

    @Test
    void anAlertTheActionCannotActOnIsRecordedRefusedAtOnce() throws Exception {
        int[] calls = {0};
        dispatcher.addAction(alert -> {
            calls[0]++;
            throw new IllegalArgumentException("10.1.2.3 is in 10.0.0.0/8, private or reserved address space");
        }, Map.of(AlertAction.NAME, "block", AlertAction.SELECT, "*"));
        List<Actions.Outcome> outcomes = dispatcher.dispatch("1", "alerts-202612", alert("R", "NOTICE"));
        assertEquals(1, calls[0]);
        assertTrue(waits.isEmpty());
        assertEquals(new Actions.Outcome("block", "1", "refused", 1, 0, "10.1.2.3 is in 10.0.0.0/8, private or reserved address space"), outcomes.get(0));
    }

    @Test
    void aBurstIsFoldedIntoTheConfiguredNumberOfNotifications() throws Exception {
        List<Alert> sent = new ArrayList<>();
        dispatcher.addAction(sent::add, Map.of(AlertAction.NAME, "pager", AlertAction.SELECT, "*", AlertAction.THROTTLE_COUNT, "3",
                AlertAction.THROTTLE_MINUTES, 10));
        for (int i = 0; i < 100; i++) {
            dispatcher.dispatch("a" + i, "alerts-202612", alert("Burst", "WARNING"));
        }
        assertEquals(3, sent.size());
        assertEquals(97, records.outcomes.stream().filter(outcome -> outcome.outcome().equals("throttled")).count());
        assertFalse(sent.get(0).document().path("details").has("folded"));
        assertEquals("a0", sent.get(0).id());
    }

    @Test
    void anUnreadableSelectionIgnoresTheActionAndSaysWhy() {
        dispatcher.addAction(alert -> { }, Map.of(AlertAction.NAME, "typo", AlertAction.SELECT, "severty:HIGH"));
        assertTrue(dispatcher.names().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Selection.parse(List.of("severity:LOUD")));
    }

    @Test
    void throttledRepeatsAreCountedInTheNextNotification() {
        Throttle throttle = new Throttle(1, Duration.ofMinutes(10));
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        assertEquals(new Throttle.Decision(true, 0), throttle.decide("k", start));
        assertEquals(new Throttle.Decision(false, 0), throttle.decide("k", start.plusSeconds(60)));
        assertEquals(new Throttle.Decision(false, 0), throttle.decide("k", start.plusSeconds(120)));
        assertEquals(new Throttle.Decision(true, 0), throttle.decide("other", start.plusSeconds(120)), "each rule has its own");
        assertEquals(new Throttle.Decision(true, 2), throttle.decide("k", start.plusSeconds(600)), "the next period's first says how many it folds");
    }
}
