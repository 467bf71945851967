package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Sigma's "processing pipeline" for Vigil's events: which rules a mapping is for (a logsource {@code product}, or
 * {@code category} for rules that name no product), where
 * each Sigma field is in an event (paths tried in order, the first present wins; {@code {field}}, {@code {field_lower}}
 * and {@code {field_lower_head}} stand for the field's name as written, lower-cased, or with its first part
 * lower-cased), and what a logsource's {@code category} or {@code service} adds
 * to a rule's detection (a selection in Sigma's own syntax, e.g. the Sysmon event id of {@code process_creation}),
 * and which events it is for at all ({@code events}, a selection too: the first filter of streaming detection).
 * Mappings are YAML files users copy and extend.
 */
public final class FieldMapping {

    private final String name;
    private final String product;
    /** For the rules of this category only, whatever their product ({@code proxy}, {@code dns}); {@code null}: any. */
    private final String category;
    private final Map<String, List<String>> paths;
    private final List<String> defaults;
    private final Map<String, Matcher> categories;
    private final Map<String, Matcher> services;
    private final Matcher events;
    private final Map<String, List<Path>> resolved = new ConcurrentHashMap<>();

    /**
     * A path split at its dots, and its parts from one to another joined again ({@code joined[from][to]}): keys with
     * dots in them, as Zeek writes them ({@code {"id.orig_h": …}}), are found too. Worked out once per field.
     */
    private record Path(String text, String[] parts, String[][] joined) {
        static Path of(String path) {
            String[] parts = path.split("\\.");
            String[][] joined = new String[parts.length][parts.length];
            for (int from = 0; from < parts.length; from++) {
                for (int to = from + 1; to < parts.length; to++) {
                    joined[from][to] = String.join(".", java.util.Arrays.asList(parts).subList(from, to + 1));
                }
            }
            return new Path(path, parts, joined);
        }
    }

    private FieldMapping(String name, String product, String category, Map<String, List<String>> paths, Map<String, Matcher> categories,
            Map<String, Matcher> services, Matcher events) {
        this.name = name;
        this.category = category;
        this.events = events;
        this.product = product;
        this.defaults = paths.getOrDefault("*", List.of("{field}"));
        this.paths = paths;
        this.categories = categories;
        this.services = services;
    }

    public String name() {
        return name;
    }

    /** A mapping shipped with Vigil ({@code windows}, {@code generic}), from this bundle's resources. */
    public static FieldMapping builtIn(String name) throws RuleException {
        String resource = "mappings/" + name + ".yml";
        try (InputStream in = FieldMapping.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new RuleException(resource, 0, "mapping", "no such mapping");
            }
            return load(resource, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RuleException(resource, 0, "mapping", e.getMessage());
        }
    }

    public static FieldMapping load(String file, Reader yaml) throws RuleException {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(yaml);
        } catch (YAMLException e) {
            throw new RuleException(file, 0, "yaml", e.getMessage().replace('\n', ' '));
        }
        if (!(root instanceof MappingNode map)) {
            throw new RuleException(file, 1, "mapping", "a mapping is a YAML map");
        }
        RuleParser selections = new RuleParser(Placeholders.NONE);
        String product = null;
        String category = null;
        Map<String, List<String>> paths = new HashMap<>();
        Map<String, Matcher> categories = new HashMap<>();
        Map<String, Matcher> services = new HashMap<>();
        Matcher events = Matcher.ALWAYS;
        for (NodeTuple entry : map.getValue()) {
            String key = ((ScalarNode) entry.getKeyNode()).getValue();
            Node value = entry.getValueNode();
            switch (key) {
                case "product" -> product = ((ScalarNode) value).getValue();
                case "category" -> category = ((ScalarNode) value).getValue();
                case "events" -> events = selections.identifier(file, value);
                case "fields" -> {
                    for (NodeTuple field : ((MappingNode) value).getValue()) {
                        List<String> candidates = new ArrayList<>();
                        Node node = field.getValueNode();
                        for (Node path : node instanceof SequenceNode list ? list.getValue() : List.of(node)) {
                            candidates.add(((ScalarNode) path).getValue());
                        }
                        paths.put(((ScalarNode) field.getKeyNode()).getValue(), candidates);
                    }
                }
                case "categories", "services" -> {
                    for (NodeTuple selection : ((MappingNode) value).getValue()) {
                        (key.equals("categories") ? categories : services).put(lower(((ScalarNode) selection.getKeyNode()).getValue()),
                                selections.identifier(file, selection.getValueNode()));
                    }
                }
                default -> throw new RuleException(file, entry.getKeyNode().getStartMark().getLine() + 1, "mapping", "unknown key '" + key + "'");
            }
        }
        return new FieldMapping(file, product, category, paths, categories, services, events);
    }

    /**
     * Whether this mapping is for the rule: of its product, and of its category where the mapping names one (a
     * mapping of category {@code proxy} is for the proxy rules, which name no product). A mapping naming neither is for
     * every rule.
     */
    public boolean covers(Logsource logsource) {
        return (product == null || product.equalsIgnoreCase(logsource.product())) && (category == null || category.equalsIgnoreCase(logsource.category()));
    }

    /** Whether the event is one this mapping is for at all (its {@code events} selection): the first, cheapest filter. */
    public boolean isFor(EventFields event) {
        return events.matches(event);
    }

    /** What an event must meet to be of the logsource: what its category and service add, where this mapping says. */
    Matcher selection(Logsource logsource) {
        Matcher category = logsource.category() == null ? null : categories.get(lower(logsource.category()));
        Matcher service = logsource.service() == null ? null : services.get(lower(logsource.service()));
        if (category == null || service == null) {
            return category != null ? category : service != null ? service : Matcher.ALWAYS;
        }
        return Condition.allOf(List.of(category, service));
    }

    /**
     * The rule as an Elasticsearch query over the events this mapping stores where it says: the events it is for, of
     * the rule's logsource, meeting the detection — at least those; exactly those where {@link Search#exact()}.
     */
    public Search search(SigmaRule rule) {
        Search.Paths where = field -> resolved.computeIfAbsent(field, this::paths).stream().map(Path::text).toList();
        return Search.allOf(List.of(events.search(where), selection(rule.logsource()).search(where), rule.detection().search(where)));
    }

    /** Whether the event is of the rule's logsource and meets its detection. */
    public boolean matches(SigmaRule rule, EventFields event) {
        return selection(rule.logsource()).matches(event) && rule.matches(event);
    }

    /**
     * What every mapping's view of one event shares: its scalar values (what keywords search) and their folded texts,
     * worked out once however many mappings look at the event.
     */
    static final class Shared {
        private final JsonNode event;
        private List<JsonNode> scalars;
        private Map<JsonNode, String> folded;

        Shared(JsonNode event) {
            this.event = event;
        }

        List<JsonNode> scalars() {
            if (scalars == null) {
                scalars = new ArrayList<>();
                collectScalars(event, scalars);
            }
            return scalars;
        }

        String folded(JsonNode value) {
            if (folded == null) {
                folded = new IdentityHashMap<>();
            }
            String text = folded.get(value);
            if (text == null) {
                text = SigmaString.fold(value.asText());
                folded.put(value, text);
            }
            return text;
        }
    }

    /** The event's fields as this mapping locates them; values are looked up once per field. */
    public EventFields fields(JsonNode event) {
        return fields(new Shared(event));
    }

    /**
     * The event's fields as this mapping locates them, each looked up once: the first few kept in arrays (most mappings
     * only ask whether the event is theirs, with a field or two, and every event meets every mapping), more in a map.
     */
    EventFields fields(Shared shared) {
        JsonNode event = shared.event;
        return new EventFields() {
            private final String[] names = new String[8];
            @SuppressWarnings("unchecked")
            private final List<JsonNode>[] found = new List[8];
            private int size;
            private Map<String, List<JsonNode>> more;

            @Override
            public List<JsonNode> values(String field) {
                for (int i = 0; i < size; i++) {
                    if (names[i] == field || names[i].equals(field)) {
                        return found[i];
                    }
                }
                List<JsonNode> values = more == null ? null : more.get(field);
                if (values == null) {
                    values = locate(field);
                    if (size < names.length) {
                        names[size] = field;
                        found[size++] = values;
                    } else {
                        if (more == null) {
                            more = new HashMap<>();
                        }
                        more.put(field, values);
                    }
                }
                return values;
            }

            private List<JsonNode> locate(String field) {
                List<Path> candidates = resolved.get(field);
                if (candidates == null) {
                    candidates = resolved.computeIfAbsent(field, FieldMapping.this::paths);
                }
                for (Path path : candidates) {
                    List<JsonNode> values = collect(event, path, 0, null);
                    if (values != null) {
                        return values;
                    }
                }
                return List.of();
            }

            @Override
            public List<JsonNode> scalars() {
                return shared.scalars();
            }

            @Override
            public String folded(JsonNode value) {
                return shared.folded(value);
            }
        };
    }

    /** Where a field is looked for, in order: worked out once per field name. */
    private List<Path> paths(String field) {
        return paths.getOrDefault(field, defaults).stream().map(template -> Path.of(path(template, field))).toList();
    }

    /** A path template for a field: {@code {field}} as named, {@code {field_lower}} lower-cased, {@code {field_lower_head}} its first part lower-cased. */
    private static String path(String template, String field) {
        int dot = field.indexOf('.');
        String head = dot < 0 ? lower(field) : lower(field.substring(0, dot)) + field.substring(dot);
        return template.replace("{field_lower_head}", head).replace("{field_lower}", lower(field)).replace("{field}", field);
    }

    /** Adds what is at the path to {@code found}, made when there is something: most paths tried find nothing. */
    private static List<JsonNode> collect(JsonNode node, Path path, int at, List<JsonNode> found) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                found = collect(item, path, at, found);
            }
        } else if (at == path.parts().length) {
            if (found == null) {
                found = new ArrayList<>(2);
            }
            found.add(node);
        } else if (node.isObject()) {
            JsonNode next = node.get(path.parts()[at]);
            if (next != null) {
                found = collect(next, path, at + 1, found);
            }
            for (int to = at + 1; to < path.parts().length; to++) {
                JsonNode flat = node.get(path.joined()[at][to]);
                if (flat != null) {
                    found = collect(flat, path, to + 1, found);
                }
            }
        }
        return found;
    }

    private static void collectScalars(JsonNode node, List<JsonNode> scalars) {
        if (node.isContainerNode()) {
            node.forEach(child -> collectScalars(child, scalars));
        } else if (ValueTest.isScalar(node)) {
            scalars.add(node);
        }
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
