package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.sigma.RuleException.Feature;
import io.vigil.support.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Sigma correlation rules run over a stream of matches: per correlation and group (the values of its {@code group-by}
 * fields), the matches of the last {@code timespan} of event time; when the condition holds, the correlation fires
 * (an alert) with the events that made it, its window starts again, and the correlations that name it see a match
 * of it. State is bounded: {@value #MAX_ENTRIES} matches per group, {@value #MAX_GROUPS} groups per correlation (the
 * least recently seen dropped first), and a group ends with its window. Used by one thread.
 */
final class Correlations {

    static final int MAX_ENTRIES = 10_000;
    static final int MAX_GROUPS = 100_000;
    private static final Set<String> TYPES = Set.of("event_count", "value_count", "temporal", "temporal_ordered");

    /** A match of a rule or correlation: where its event is, its time, the fields as its mapping shows them. */
    record Match(String node, String name, String index, String id, ObjectNode event, EventFields fields, Instant time) {
    }

    /** A correlation that fired: for which group, over which matches. */
    record Fired(CorrelationRule rule, List<String> group, List<Match> matches) {
    }

    private record Entry(Match match, List<String> values) {
    }

    /**
     * A group's matches in its window, and which events it has counted: an event checked twice (a catch-up after a full
     * queue, or after a restart, reads back events that were checked already) counts once — also after the window
     * fired and started again, for as long as the event is within the timespan.
     */
    private static final class Window {
        final Deque<Entry> entries = new ArrayDeque<>();
        /** The events counted, oldest first, with their times. */
        final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

        static String event(Match match) {
            return match.node() + "\u0000" + match.index() + "\u0000" + match.id();
        }

        boolean add(Entry entry) {
            if (seen.putIfAbsent(event(entry.match()), entry.match().time()) != null) {
                return false;
            }
            entries.addLast(entry);
            return true;
        }

        void trim(Instant start, int max) {
            entries.removeIf(entry -> entry.match().time().isBefore(start));
            seen.values().removeIf(time -> time.isBefore(start));
            while (entries.size() > max) {
                entries.removeFirst();
            }
            for (var oldest = seen.entrySet().iterator(); seen.size() > max; ) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** A group of a correlation: what the state is kept under, here and in Elasticsearch. */
    record GroupKey(String correlation, List<String> group) {
    }

    private final Map<String, List<CorrelationRule>> byReference = new HashMap<>();
    private final Map<String, CorrelationRule> byKey = new HashMap<>();
    private final Map<String, Map<List<String>, Window>> state = new HashMap<>();
    /** The groups changed since they were last saved, each with the number of its change. */
    private final Map<GroupKey, Long> changed = new HashMap<>();
    private long changes;

    /** @param correlations each naming rules or correlations by a key of {@code keys} (id or name → the named's key) */
    Correlations(List<CorrelationRule> correlations, Map<String, String> keys) {
        for (CorrelationRule correlation : correlations) {
            byKey.put(correlation.key(), correlation);
            for (String reference : correlation.rules()) {
                byReference.computeIfAbsent(keys.get(reference), key -> new ArrayList<>()).add(correlation);
            }
        }
    }

    boolean isEmpty() {
        return byReference.isEmpty();
    }

    /** Whether a correlation names the rule or correlation of this key. */
    boolean names(String key) {
        return byReference.containsKey(key);
    }

    /** The correlations that fire now that this match came, and those that fire on their firing, in turn. */
    synchronized List<Fired> offer(Match match) {
        List<Fired> fired = new ArrayList<>();
        for (CorrelationRule correlation : byReference.getOrDefault(match.node(), List.of())) {
            Fired now = add(correlation, match);
            if (now != null) {
                fired.add(now);
                Match last = now.matches().get(now.matches().size() - 1);
                fired.addAll(offer(new Match(correlation.key(), correlation.name(), last.index(), last.id(), last.event(), last.fields(), last.time())));
            }
        }
        return fired;
    }

    private Fired add(CorrelationRule correlation, Match match) {
        List<String> group = new ArrayList<>();
        for (String field : correlation.groupBy()) {
            group.add(value(correlation, field, match));
        }
        Window window = groups(correlation.key()).computeIfAbsent(List.copyOf(group), key -> new Window());
        List<String> values = correlation.fields().stream().map(field -> value(correlation, field, match)).toList();
        if (!window.add(new Entry(match, values))) {
            return null;
        }
        changed(new GroupKey(correlation.key(), List.copyOf(group)));
        Instant newest = window.entries.stream().map(entry -> entry.match().time()).max(Instant::compareTo).orElse(match.time());
        window.trim(newest.minus(correlation.timespan()), MAX_ENTRIES);
        if (window.entries.isEmpty() || !correlation.condition().test(count(correlation, window.entries))) {
            return null;
        }
        List<Match> matches = window.entries.stream().map(Entry::match).toList();
        window.entries.clear(); // the window starts again; what it counted stays seen
        return new Fired(correlation, List.copyOf(group), matches);
    }

    private Map<List<String>, Window> groups(String correlation) {
        return state.computeIfAbsent(correlation, key -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<String>, Window> eldest) {
                if (size() > MAX_GROUPS) {
                    changed(new GroupKey(correlation, eldest.getKey()));
                    return true;
                }
                return false;
            }
        });
    }

    private void changed(GroupKey key) {
        changed.put(key, ++changes);
    }

    // ---- the state, saved and restored (a restart, a reload of the rules)

    /** A group's state as saved: its window's matches (without their events: those are in Elasticsearch) and what it counted. */
    record Saved(GroupKey key, long change, ObjectNode window) {
    }

    /** The groups changed since {@link #saved}: each with its window as JSON, or {@code null} where the group ended. */
    synchronized List<Saved> changes() {
        List<Saved> list = new ArrayList<>();
        changed.forEach((key, change) -> {
            Map<List<String>, Window> groups = state.get(key.correlation());
            Window window = groups == null ? null : groups.get(key.group());
            list.add(new Saved(key, change, window == null ? null : json(window)));
        });
        return list;
    }

    /** These were saved: unless changed again since, they are saved. */
    synchronized void saved(List<Saved> saved) {
        saved.forEach(done -> changed.remove(done.key(), done.change()));
    }

    private static ObjectNode json(Window window) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode entries = json.putArray("entries");
        for (Entry entry : window.entries) {
            Match match = entry.match();
            ObjectNode saved = entries.addObject().put("node", match.node()).put("name", match.name()).put("index", match.index()).put("id", match.id())
                    .put("time", match.time().toString());
            entry.values().forEach(saved.putArray("values")::add);
        }
        ObjectNode seen = json.putObject("seen");
        window.seen.forEach((event, time) -> seen.put(event, time.toString()));
        return json;
    }

    /**
     * A group's saved window back in place, if its correlation is still here. Its matches come back without their
     * events (an alert made from them reads them from Elasticsearch: {@link Match#event} is {@code null}).
     */
    synchronized void restore(GroupKey key, JsonNode saved) {
        if (!byKey.containsKey(key.correlation()) || key.group().size() != byKey.get(key.correlation()).groupBy().size()) {
            changed(key); // a correlation no longer here: its window is deleted at the next save
            return;
        }
        Window window = new Window();
        for (JsonNode entry : saved.path("entries")) {
            List<String> values = new ArrayList<>();
            entry.path("values").forEach(value -> values.add(value.asText()));
            window.entries.add(new Entry(new Match(entry.path("node").asText(), entry.path("name").isTextual() ? entry.path("name").asText() : null,
                    entry.path("index").asText(), entry.path("id").asText(), null, null, Instant.parse(entry.path("time").asText())), values));
        }
        saved.path("seen").fields().forEachRemaining(event -> window.seen.put(event.getKey(), Instant.parse(event.getValue().asText())));
        groups(key.correlation()).put(key.group(), window);
    }

    /**
     * Takes over the windows of another rule set's correlations that this one has unchanged (same key, type, rules,
     * grouping, fields and timespan): a reload of the rules folder does not start them anew.
     */
    synchronized void takeOver(Correlations previous) {
        synchronized (previous) {
            previous.state.forEach((key, groups) -> {
                CorrelationRule now = byKey.get(key);
                CorrelationRule before = previous.byKey.get(key);
                if (now != null && before != null && now.sameWindows(before)) {
                    groups(key).putAll(groups);
                } else {
                    groups.keySet().forEach(group -> changed(new GroupKey(key, group))); // deleted at the next save
                }
            });
            previous.changed.forEach((key, change) -> changed(key));
            previous.state.clear();
            previous.changed.clear();
        }
    }

    private static long count(CorrelationRule correlation, Deque<Entry> window) {
        switch (correlation.type()) {
            case "event_count":
                return window.size();
            case "value_count":
                return window.stream().map(Entry::values).filter(values -> values.stream().noneMatch(String::isEmpty)).distinct().count();
            case "temporal":
                return window.stream().map(entry -> entry.match().node()).distinct().count();
            default:
                return ordered(correlation, window);
        }
    }

    /** How many of the rules, in the order named, appear one after the other in event time. */
    private static long ordered(CorrelationRule correlation, Deque<Entry> window) {
        List<Entry> byTime = new ArrayList<>(window);
        byTime.sort((a, b) -> a.match().time().compareTo(b.match().time()));
        List<String> order = correlation.rules();
        int next = 0;
        for (Entry entry : byTime) {
            if (next < order.size() && references(order.get(next), entry.match())) {
                next++;
            }
        }
        return next;
    }

    private static boolean references(String reference, Match match) {
        return reference.equals(match.node()) || reference.equals(match.name());
    }

    /** A group-by or value field's value in a match: through the alias for the matched rule's name, if there is one. */
    private static String value(CorrelationRule correlation, String field, Match match) {
        Map<String, String> alias = correlation.aliases().get(field);
        String actual = alias == null ? field : alias.getOrDefault(match.name() == null ? "" : match.name(), alias.getOrDefault(match.node(), field));
        List<JsonNode> values = match.fields().values(actual);
        return values.isEmpty() || values.get(0).isNull() ? "" : values.get(0).asText();
    }

    /** An event's time: {@code utctimestamp}, else {@code receivedtimestamp}, else now. */
    static Instant time(JsonNode event) {
        for (String field : List.of("utctimestamp", "receivedtimestamp")) {
            try {
                return OffsetDateTime.parse(event.path(field).asText()).toInstant();
            } catch (DateTimeParseException e) {
                // the next one
            }
        }
        return Instant.now();
    }

    // ---- reading a correlation rule

    static CorrelationRule parse(String file, MappingNode root, Map<String, Node> fields) throws RuleException {
        Node section = fields.get("correlation");
        Map<String, Node> correlation = RuleParser.entries(file, RuleParser.mapping(file, section, "correlation"));
        String type = RuleParser.text(file, correlation, "type", false);
        if (type == null || !TYPES.contains(type)) {
            throw RuleParser.refusal(file, correlation.getOrDefault("type", section), "correlation",
                    type == null ? "the correlation has no type" : "the correlation type '" + type + "' is not run (event_count, value_count, temporal, temporal_ordered)");
        }
        List<String> rules = RuleParser.texts(correlation.get("rules"));
        if (rules.isEmpty()) {
            throw RuleParser.refusal(file, section, "correlation", "the correlation names no rules");
        }
        Node timespanNode = correlation.get("timespan");
        Duration timespan = Durations.of(RuleParser.text(file, correlation, "timespan", false));
        if (timespan == null) {
            throw RuleParser.refusal(file, timespanNode == null ? section : timespanNode, "correlation", "timespan must be a number and s, m, h or d (90m)");
        }
        List<String> groupBy = RuleParser.texts(correlation.get("group-by"));
        Map<String, Map<String, String>> aliases = new HashMap<>();
        if (correlation.get("aliases") instanceof MappingNode aliasMap) {
            for (NodeTuple alias : aliasMap.getValue()) {
                Map<String, String> byRule = new HashMap<>();
                for (NodeTuple field : RuleParser.mapping(file, alias.getValueNode(), "aliases").getValue()) {
                    byRule.put(((ScalarNode) field.getKeyNode()).getValue(), ((ScalarNode) field.getValueNode()).getValue());
                }
                aliases.put(((ScalarNode) alias.getKeyNode()).getValue(), byRule);
            }
        }
        List<String> valueFields = new ArrayList<>();
        LongPredicate condition;
        String conditionText;
        Node conditionNode = correlation.get("condition");
        try {
            if (conditionNode == null) {
                if (!type.startsWith("temporal")) {
                    throw new Feature("correlation", type + " needs a condition");
                }
                int all = rules.size();
                condition = count -> count >= all;
                conditionText = "all " + all + " rules";
            } else {
                Map<String, Node> criteria = RuleParser.entries(file, RuleParser.mapping(file, conditionNode, "condition"));
                Node field = criteria.remove("field");
                if (field != null) {
                    valueFields.addAll(field instanceof SequenceNode ? RuleParser.texts(field) : List.of(((ScalarNode) field).getValue()));
                }
                if (type.equals("value_count") && valueFields.isEmpty()) {
                    throw new Feature("correlation", "value_count needs the field whose values it counts (condition: field)");
                }
                condition = condition(criteria);
                conditionText = String.join(" and ", criteria.entrySet().stream().map(c -> c.getKey() + " " + ((ScalarNode) c.getValue()).getValue()).toList());
            }
        } catch (Feature e) {
            throw RuleParser.refusal(file, conditionNode == null ? section : conditionNode, e.feature(), e.getMessage());
        }
        Node generate = fields.containsKey("generate") ? fields.get("generate") : correlation.get("generate");
        return new CorrelationRule(file, RuleParser.text(file, fields, "id", false), RuleParser.text(file, fields, "name", false),
                RuleParser.text(file, fields, "title", true), RuleParser.text(file, fields, "level", false), RuleParser.text(file, fields, "status", false),
                RuleParser.text(file, fields, "author", false), RuleParser.texts(fields.get("references")), RuleParser.texts(fields.get("tags")), type,
                rules, aliases, groupBy, timespan, condition, conditionText, List.copyOf(valueFields),
                generate instanceof ScalarNode flag && Boolean.parseBoolean(flag.getValue()));
    }

    /**
     * The criteria, all of which must hold. A stream decides when a count has grown, so a condition with no lower bound
     * ({@code lt}, {@code lte}, {@code neq} alone: "fewer than") is refused: it is only decided when a window closes.
     */
    private static LongPredicate condition(Map<String, Node> criteria) throws Feature {
        LongPredicate all = count -> true;
        boolean lowerBound = false;
        for (Map.Entry<String, Node> criterion : criteria.entrySet()) {
            long bound;
            try {
                bound = Long.parseLong(((ScalarNode) criterion.getValue()).getValue().trim());
            } catch (RuntimeException e) {
                throw new Feature("correlation", "condition " + criterion.getKey() + " takes a whole number");
            }
            LongPredicate one = switch (criterion.getKey()) {
                case "gt" -> count -> count > bound;
                case "gte" -> count -> count >= bound;
                case "lt" -> count -> count < bound;
                case "lte" -> count -> count <= bound;
                case "eq" -> count -> count == bound;
                case "neq" -> count -> count != bound;
                default -> throw new Feature("correlation", "unknown condition '" + criterion.getKey() + "' (gt, gte, lt, lte, eq, neq, field)");
            };
            lowerBound |= criterion.getKey().startsWith("gt") || criterion.getKey().equals("eq") && bound > 0;
            all = all.and(one);
        }
        if (!lowerBound) {
            throw new Feature("correlation", "a condition without gt, gte or eq (fewer than …) is decided when a window closes: not run yet");
        }
        return all;
    }

    /** The rules and correlations a correlation names that are not there (by id or name). */
    static List<String> missing(CorrelationRule correlation, Map<String, String> keys) {
        return correlation.rules().stream().filter(reference -> !keys.containsKey(reference)).toList();
    }

    /** Whether a correlation names itself through others. */
    static boolean cyclic(CorrelationRule start, Map<String, CorrelationRule> byKey, Map<String, String> keys) {
        Deque<String> todo = new ArrayDeque<>(List.of(start.key()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            CorrelationRule next = byKey.get(todo.pop());
            if (next == null || !seen.add(next.key())) {
                continue;
            }
            for (String reference : next.rules()) {
                String key = keys.get(reference);
                if (start.key().equals(key)) {
                    return true;
                }
                todo.push(key);
            }
        }
        return false;
    }

    /** Ids and names of rules and correlations, to the key each is known by. */
    static Map<String, String> keys(List<SigmaRule> rules, List<CorrelationRule> correlations) {
        Map<String, String> keys = new HashMap<>();
        for (SigmaRule rule : rules) {
            put(keys, rule.id(), rule.key());
            put(keys, rule.name(), rule.key());
        }
        for (CorrelationRule correlation : correlations) {
            put(keys, correlation.id(), correlation.key());
            put(keys, correlation.name(), correlation.key());
        }
        return keys;
    }

    private static void put(Map<String, String> keys, String name, String key) {
        if (name != null) {
            keys.put(name, key);
        }
    }
}
