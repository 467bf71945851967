package io.vigil.alerts;

import io.vigil.api.alert.AlertRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A detection rule as a rule file declares it, with MozDef's AlertTask semantics: the events of the last {@code window}
 * matching {@code must} and none of {@code mustNot} (and not already alerted by this rule's classname) raise
 * <ul>
 * <li>one alert per event, without {@link Aggregation} or {@link Deadman};</li>
 * <li>one alert per value of {@link Aggregation#field()} seen at least {@link Aggregation#threshold()} times;</li>
 * <li>one alert when fewer than {@link Deadman#below()} events match ({@link Deadman}).</li>
 * </ul>
 *
 * @param name unique among the rules; the key of the rule's schedule and of its last covered time
 * @param classname the alert's {@code classname} and the name events are tagged with ({@code alert_names})
 * @param origin where the rule comes from ({@code file}, or {@code bundle!entry}), for messages
 * @param java the Java rule whose code finds the alerts, or {@code null} for a rule file
 */
public record Rule(String name, String classname, String description, boolean enabled, Duration schedule, Duration window,
        List<String> indices, List<Clause> must, List<Clause> mustNot, Aggregation aggregation, Deadman deadman,
        Map<String, Facet> facets, AlertTemplate alert, String origin, AlertRule java) {

    /** A Java rule, scheduled as a rule file is; its own code finds what to raise. */
    public static Rule of(AlertRule java, String origin) {
        return new Rule(java.name(), java.classname(), "", true, java.schedule(), java.window(), RuleFiles.DEFAULT_INDICES, List.of(), List.of(),
                null, null, Map.of(), null, origin, java);
    }

    /** MozDef's searchEventsAggregated + walkAggregations. */
    public record Aggregation(String field, int threshold, int samples) {
    }

    /** MozDef's DeadmanAlertTask: an alert when fewer than {@code below} events match in the window. */
    public record Deadman(int below) {
    }

    /**
     * Values of a field over every matching event of an alert (of its aggregation value, for an aggregated rule),
     * for the summary: each value as {@code format} ({@code {key}}, {@code {count}}), joined by {@code separator},
     * at most {@code limit} of them in {@code order} ({@code count}: most frequent first, as MozDef's mostCommon;
     * {@code key}: sorted, as MozDef's {@code sorted(set(...))}), then {@code more} when there were more.
     * {@code only: ip} keeps the values that are IP addresses; fewer than {@code minimum} distinct values left drop the
     * alert ({@code required: true} is a minimum of 1).
     */
    public record Facet(String field, int limit, String format, String separator, String order, String more, String only,
            int minimum) {
    }

    /** What the alert says: MozDef's createAlertDict arguments, with a summary template. */
    public record AlertTemplate(String severity, String category, List<String> tags, Template summary, String url, String channel,
            Boolean notifyMozdefbot) {
    }

    public boolean aggregated() {
        return aggregation != null;
    }

    public boolean isDeadman() {
        return deadman != null;
    }
}
