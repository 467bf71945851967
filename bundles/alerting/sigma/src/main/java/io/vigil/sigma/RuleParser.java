package io.vigil.sigma;

import io.vigil.sigma.RuleException.Feature;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads Sigma rule files (specification 2.1) natively, from the YAML's node graph so that every refusal names its
 * line: metadata, logsource and detection — maps (AND), lists (OR), keywords, {@code null}, wildcards and escapes,
 * every modifier, the condition (a list of conditions is their OR). A file holds one rule, or several as YAML
 * documents.
 */
public final class RuleParser {

    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** The modifiers that say where in a value a keyword stands; without one a keyword is found anywhere in a value. */
    private static final Set<String> PLACED = Set.of("contains", "startswith", "endswith", "re", "cidr", "base64", "base64offset", "exists");
    private static final int MAX_FILE_BYTES = 1 << 20;

    private final Placeholders placeholders;

    public RuleParser(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    public List<SigmaRule> parse(Path file) throws RuleException {
        Parsed parsed = parseAll(file);
        if (!parsed.correlations().isEmpty()) {
            throw new RuleException(file.toString(), 0, "correlation", "a correlation rule needs the rules it names: load the folder");
        }
        return parsed.rules();
    }

    /** What a file holds: its rules and its correlation rules (YAML documents of either kind, in any order). */
    public record Parsed(List<SigmaRule> rules, List<CorrelationRule> correlations) {
    }

    /** The rules of a file that holds no correlation rule (a correlation rule refuses it: use {@link #parseAll}). */
    public List<SigmaRule> parse(String file, String text) throws RuleException {
        Parsed parsed = parseAll(file, text);
        if (!parsed.correlations().isEmpty()) {
            throw new RuleException(file, 0, "correlation", "a correlation rule needs the rules it names: load the folder");
        }
        return parsed.rules();
    }

    public Parsed parseAll(Path file) throws RuleException {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new RuleException(name, 0, "file", "larger than " + MAX_FILE_BYTES + " bytes");
            }
            return parseAll(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RuleException(name, 0, "file", "unreadable: " + e.getMessage());
        }
    }

    public Parsed parseAll(String file, String text) throws RuleException {
        List<Node> documents = new ArrayList<>();
        try (Reader reader = new StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowDuplicateKeys(false);
            new Yaml(options).composeAll(reader).forEach(documents::add);
        } catch (YAMLException e) {
            throw new RuleException(file, 0, "yaml", e.getMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new RuleException(file, 0, "file", e.getMessage());
        }
        List<SigmaRule> rules = new ArrayList<>();
        List<CorrelationRule> correlations = new ArrayList<>();
        for (Node document : documents) {
            if (document instanceof MappingNode root && entries(file, root).containsKey("correlation")) {
                correlations.add(Correlations.parse(file, root, entries(file, root)));
            } else if (document != null) {
                rules.add(rule(file, document));
            }
        }
        if (rules.isEmpty() && correlations.isEmpty()) {
            throw new RuleException(file, 0, "yaml", "no rule in the file");
        }
        return new Parsed(rules, correlations);
    }

    private SigmaRule rule(String file, Node document) throws RuleException {
        if (!(document instanceof MappingNode root)) {
            throw refusal(file, document, "rule", "a rule is a YAML map");
        }
        Map<String, Node> fields = entries(file, root);
        if (fields.containsKey("filter") && !fields.containsKey("detection")) {
            throw refusal(file, fields.get("filter"), "filter", "filters are not applied yet");
        }
        String title = text(file, fields, "title", true);
        Node logsourceNode = required(file, root, fields, "logsource");
        Map<String, Node> logsource = entries(file, mapping(file, logsourceNode, "logsource"));
        Node detectionNode = required(file, root, fields, "detection");
        Matcher detection = detection(file, mapping(file, detectionNode, "detection"));
        return new SigmaRule(file, text(file, fields, "id", false), text(file, fields, "name", false), title, text(file, fields, "status", false), text(file, fields, "level", false),
                text(file, fields, "description", false), text(file, fields, "author", false), texts(fields.get("references")),
                texts(fields.get("tags")), new Logsource(text(file, logsource, "product", false), text(file, logsource, "category", false),
                        text(file, logsource, "service", false)), detection);
    }

    private Matcher detection(String file, MappingNode detection) throws RuleException {
        Map<String, Matcher> identifiers = new LinkedHashMap<>();
        Node condition = null;
        for (NodeTuple entry : detection.getValue()) {
            String name = key(file, entry);
            if (name.equals("condition")) {
                condition = entry.getValueNode();
            } else if (!name.equals("timeframe")) {
                identifiers.put(name, identifier(file, entry.getValueNode()));
            }
        }
        if (condition == null) {
            throw refusal(file, detection, "condition", "the detection has no condition");
        }
        List<Node> conditions = condition instanceof SequenceNode list ? list.getValue() : List.of(condition);
        List<Matcher> any = new ArrayList<>();
        for (Node one : conditions) {
            if (!(one instanceof ScalarNode scalar)) {
                throw refusal(file, one, "condition", "a condition is a string");
            }
            try {
                any.add(Condition.parse(scalar.getValue(), identifiers));
            } catch (Feature e) {
                throw refusal(file, one, e.feature(), e.getMessage());
            }
        }
        if (any.isEmpty()) {
            throw refusal(file, condition, "condition", "empty condition list");
        }
        return any.size() == 1 ? any.get(0) : Condition.anyOf(any);
    }

    /** A search identifier: a map (its fields all match), a list (any of its items), or keywords. */
    Matcher identifier(String file, Node node) throws RuleException {
        if (node instanceof MappingNode map) {
            if (map.getValue().isEmpty()) {
                throw refusal(file, node, "detection", "an empty selection");
            }
            List<Matcher> all = new ArrayList<>();
            for (NodeTuple entry : map.getValue()) {
                all.add(field(file, key(file, entry), entry.getValueNode()));
            }
            return all.size() == 1 ? all.get(0) : Condition.allOf(all);
        }
        List<Node> items = node instanceof SequenceNode list ? list.getValue() : List.of(node);
        if (items.isEmpty()) {
            throw refusal(file, node, "detection", "an empty list");
        }
        List<Matcher> any = new ArrayList<>();
        List<Value> keywords = new ArrayList<>();
        for (Node item : items) {
            if (item instanceof MappingNode || item instanceof SequenceNode) {
                any.add(identifier(file, item));
            } else {
                keywords.add(value(file, item));
            }
        }
        if (!keywords.isEmpty()) {
            any.add(compile(file, node, null, List.of(), keywords));
        }
        return any.size() == 1 ? any.get(0) : Condition.anyOf(any);
    }

    /** {@code field|modifier|…: value or list}; a key of modifiers alone ({@code '|all'}) is keywords. */
    private Matcher field(String file, String key, Node value) throws RuleException {
        List<String> parts = Arrays.asList(key.split("\\|", -1));
        String field = parts.get(0).isEmpty() ? null : parts.get(0);
        List<String> modifiers = parts.subList(1, parts.size());
        if (modifiers.contains("")) {
            throw refusal(file, value, "modifier", "an empty modifier in '" + key + "'");
        }
        List<Value> values = new ArrayList<>();
        for (Node item : value instanceof SequenceNode list ? list.getValue() : List.of(value)) {
            if (!(item instanceof ScalarNode)) {
                throw refusal(file, item, "value", "the value of '" + key + "' must be a value or a list of values");
            }
            values.add(value(file, item));
        }
        return compile(file, value, field, modifiers, values);
    }

    private Matcher compile(String file, Node at, String field, List<String> modifiers, List<Value> values) throws RuleException {
        List<String> applied = modifiers;
        if (field == null && modifiers.stream().noneMatch(PLACED::contains)) {
            applied = new ArrayList<>(List.of("contains"));
            applied.addAll(modifiers);
        }
        try {
            return FieldMatchers.compile(field, applied, values, placeholders);
        } catch (Feature e) {
            throw refusal(file, at, e.feature(), e.getMessage());
        }
    }

    /**
     * A scalar as YAML types it. Integers YAML reads in another base ({@code 0x40810000}) stay the text the rule
     * wrote: that is how they appear in events.
     */
    private static Value value(String file, Node node) throws RuleException {
        ScalarNode scalar = (ScalarNode) node;
        String raw = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return new Value.Null();
        }
        if (Tag.BOOL.equals(tag)) {
            return new Value.Bool(Boolean.parseBoolean(raw) || raw.equalsIgnoreCase("yes") || raw.equalsIgnoreCase("on"));
        }
        if ((Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) && DECIMAL.matcher(raw).matches()) {
            return new Value.Number(new BigDecimal(raw));
        }
        return Value.Text.of(raw);
    }

    static Map<String, Node> entries(String file, MappingNode map) throws RuleException {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple entry : map.getValue()) {
            entries.put(key(file, entry), entry.getValueNode());
        }
        return entries;
    }

    static String key(String file, NodeTuple entry) throws RuleException {
        if (!(entry.getKeyNode() instanceof ScalarNode key)) {
            throw refusal(file, entry.getKeyNode(), "yaml", "a key must be a string");
        }
        return key.getValue();
    }

    static MappingNode mapping(String file, Node node, String what) throws RuleException {
        if (!(node instanceof MappingNode map)) {
            throw refusal(file, node, what, what + " must be a map");
        }
        return map;
    }

    private static Node required(String file, Node root, Map<String, Node> fields, String name) throws RuleException {
        Node node = fields.get(name);
        if (node == null) {
            throw refusal(file, root, name, "the rule has no " + name);
        }
        return node;
    }

    static String text(String file, Map<String, Node> fields, String name, boolean required) throws RuleException {
        Node node = fields.get(name);
        if (node == null) {
            if (required) {
                throw new RuleException(file, 1, name, "the rule has no " + name);
            }
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw refusal(file, node, name, name + " must be a string");
        }
        return scalar.getValue();
    }

    static List<String> texts(Node node) {
        if (node instanceof SequenceNode list) {
            return list.getValue().stream().filter(ScalarNode.class::isInstance).map(item -> ((ScalarNode) item).getValue()).toList();
        }
        return node instanceof ScalarNode scalar ? List.of(scalar.getValue()) : List.of();
    }

    static RuleException refusal(String file, Node node, String feature, String reason) {
        return new RuleException(file, node.getStartMark().getLine() + 1, feature, reason);
    }
}
