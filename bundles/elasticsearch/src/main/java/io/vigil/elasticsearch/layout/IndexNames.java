package io.vigil.elasticsearch.layout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * MozDef's index layout: daily event indices and monthly alert indices, named by their UTC day or month; and Vigil's
 * monthly audit trail beside them.
 */
public final class IndexNames {

    public static final String EVENTS_ALIAS = "events";
    public static final String EVENTS_PREVIOUS_ALIAS = "events-previous";
    public static final String EVENTS_WEEKLY_ALIAS = "events-weekly";
    public static final String ALERTS_ALIAS = "alerts";
    public static final String DEADLETTER_INDEX = "events-deadletter";
    /**
     * Vigil's: one marker per alert handed to the alert actions and not yet dealt with by them, so the hand-off
     * outlives the container (written by the alert engine, removed by the actions).
     */
    public static final String ACTIONS_PENDING_INDEX = "vigil-actions-pending";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

    private IndexNames() {
    }

    /** The daily index an event received at {@code received} belongs to. */
    public static String eventsIndex(Instant received) {
        return "events-" + DAY.format(received);
    }

    /** The monthly index an alert raised at {@code raised} belongs to. */
    public static String alertsIndex(Instant raised) {
        return "alerts-" + MONTH.format(raised);
    }

    /** The monthly index of the audit trail a record made at {@code at} belongs to. */
    public static String auditIndex(Instant at) {
        return "audit-" + MONTH.format(at);
    }
}
