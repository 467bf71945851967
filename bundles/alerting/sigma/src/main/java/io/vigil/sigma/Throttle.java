package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * At most {@code limit} alerts of one rule for one group (the values of the {@code by} fields of the event: its host,
 * by default) in each period of event time; the matches beyond are counted, not raised. An event checked again (read
 * back after a full queue or a restart) is decided as it was: the events raised are remembered per rule, group and
 * period, so it is raised again under the same id (nothing doubles) and takes no second place. Periods are fixed
 * ({@code period} from the epoch). Bounded: the least recently used of {@value #MAX_KEYS} rule, group and period
 * entries is forgotten first. Used by one thread.
 */
final class Throttle {

    static final int MAX_KEYS = 100_000;

    private record Key(String rule, List<String> group, long period) {
    }

    private final int limit;
    private final long periodMillis;
    private final List<String[]> by;
    /** Per rule, group and period: the events raised, and whether one was turned down yet (worth a line in the log). */
    private static final class Period {
        final Set<String> raised = new HashSet<>();
        boolean throttled;
    }

    private final Map<Key, Period> periods = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Period> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /**
     * @param limit  alerts per rule, group and period; 0 or less: no limit
     * @param by     the event's fields that make a group, as stored ({@code hostname}, {@code details.sourceipaddress})
     */
    Throttle(int limit, Duration period, List<String> by) {
        this.limit = limit;
        this.periodMillis = Math.max(1, period.toMillis());
        this.by = by.stream().map(field -> field.split("\\.")).toList();
    }

    int limit() {
        return limit;
    }

    /**
     * Whether this match of {@code rule} on the event ({@code id}: where it is stored) is raised.
     *
     * @return {@link Decision#RAISE}, or {@link Decision#THROTTLE_FIRST} for the first match turned down in its rule,
     *         group and period, {@link Decision#THROTTLE} for the others
     */
    Decision decide(String rule, String id, JsonNode event, Instant time) {
        if (limit <= 0) {
            return Decision.RAISE;
        }
        Period period = periods.computeIfAbsent(new Key(rule, group(event), Math.floorDiv(time.toEpochMilli(), periodMillis)), key -> new Period());
        if (period.raised.contains(id) || period.raised.size() < limit && period.raised.add(id)) {
            return Decision.RAISE;
        }
        boolean first = !period.throttled;
        period.throttled = true;
        return first ? Decision.THROTTLE_FIRST : Decision.THROTTLE;
    }

    enum Decision { RAISE, THROTTLE_FIRST, THROTTLE }

    List<String> group(JsonNode event) {
        List<String> group = new ArrayList<>(by.size());
        for (String[] path : by) {
            JsonNode node = event;
            for (String part : path) {
                node = node.path(part);
            }
            group.add(node.isValueNode() ? node.asText() : "");
        }
        return group;
    }
}
