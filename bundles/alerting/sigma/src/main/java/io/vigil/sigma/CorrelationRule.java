package io.vigil.sigma;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * A Sigma correlation rule (specification 2): over the matches of the rules it names (by id or {@code name}; other
 * correlations too), grouped by the values of {@code groupBy} (through {@code aliases} where a rule names its field
 * differently), within {@code timespan} of event time, it matches when {@code condition} holds of the count its
 * {@code type} counts: events ({@code event_count}), distinct values of {@code fields} ({@code value_count}), or
 * distinct rules, in their order for {@code temporal_ordered} ({@code temporal}).
 */
public record CorrelationRule(String file, String id, String name, String title, String level, String status, String author,
        List<String> references, List<String> tags, String type, List<String> rules, Map<String, Map<String, String>> aliases, List<String> groupBy,
        Duration timespan, LongPredicate condition, String conditionText, List<String> fields, boolean generate) {

    /** The key other correlations and the state use: its id, else its name, else its file and title. */
    String key() {
        return id != null ? id : name != null ? name : file + "#" + title;
    }

    /** Whether windows kept for {@code other} mean the same here: what is grouped, counted and over how long is unchanged. */
    boolean sameWindows(CorrelationRule other) {
        return type.equals(other.type) && rules.equals(other.rules) && groupBy.equals(other.groupBy) && aliases.equals(other.aliases)
                && fields.equals(other.fields) && timespan.equals(other.timespan);
    }
}
