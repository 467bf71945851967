package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.sigma.rules.SigmaRules;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Sigma rules of a folder, loaded whole, ready for streaming: each rule grouped under the field mapping of its
 * product and by logsource, so an event meets only the rules of its kind (a mapping's {@code events} selection first,
 * then each logsource's selection once, then a prefilter of the texts the rules need, then the rules left). Also what was refused and why, what loaded but has no
 * field mapping for its product (so cannot run), and what is disabled ({@link Switches}). In the folder: rules ({@code **}{@code /*.yml}), field mappings
 * ({@code mappings/*.yml}, before Vigil's own; one named like a built-in replaces it) and the values of placeholders
 * ({@code placeholders.yml}, a map of names to lists).
 */
public final class RuleSet {

    /** Vigil's own field mappings, after the folder's. */
    static final List<String> BUILT_IN = List.of("windows", "aws", "linux", "zeek", "gcp", "github", "proxy", "dns");

    /** A loaded rule, what became of it ({@code runs}, {@code disabled}, {@code unmapped}) and the mapping it runs with. */
    public record Loaded(SigmaRule rule, String state, String mapping) {
    }

    /**
     * The rules of one field mapping, with their prefilter. An event the mapping is for meets the logsources whose
     * selection it meets (each tried once); of their rules, those whose requirement it meets are found by one search
     * over each indexed field's values (one search for all logsources, so a command line is read once, not once per
     * logsource), and those that require nothing indexable are always tried.
     */
    private static final class Group {

        final FieldMapping mapping;
        final List<SigmaRule> rules = new ArrayList<>();
        final List<Matcher> selections = new ArrayList<>();
        /** Per logsource, the positions of its rules. */
        final List<BitSet> members = new ArrayList<>();
        final BitSet always = new BitSet();
        /** Per indexed field: its name, its texts, and the rules requiring something of it (to skip fields no selected rule reads). */
        final String[] fieldNames;
        final TextIndex[] indices;
        final BitSet[] readers;

        Group(FieldMapping mapping, Map<Logsource, List<SigmaRule>> byLogsource) {
            this.mapping = mapping;
            byLogsource.forEach((logsource, logsourceRules) -> {
                BitSet positions = new BitSet();
                positions.set(rules.size(), rules.size() + logsourceRules.size());
                rules.addAll(logsourceRules);
                selections.add(mapping.selection(logsource));
                members.add(positions);
            });
            List<Requirement> requirements = chosen(rules.stream().map(rule -> rule.detection().requirements()).toList());
            Map<String, BitSet> readersByField = new HashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                Requirement requirement = requirements.get(i);
                if (requirement == null) {
                    always.set(i);
                } else {
                    int rule = i;
                    requirement.textsByField().keySet().forEach(field -> readersByField.computeIfAbsent(field, key -> new BitSet()).set(rule));
                }
            }
            Map<String, TextIndex> byField = TextIndex.byField(requirements);
            fieldNames = byField.keySet().toArray(String[]::new);
            indices = new TextIndex[fieldNames.length];
            readers = new BitSet[fieldNames.length];
            for (int f = 0; f < fieldNames.length; f++) {
                indices[f] = byField.get(fieldNames[f]);
                readers[f] = readersByField.get(fieldNames[f]);
            }
        }

        /**
         * Of each rule's alternatives (a conjunction requires what each of its parts does), the one the fewest other
         * rules of the mapping also require: a text many rules share, such as auditd's {@code type: EXECVE} or a
         * Windows event id, is one most events of the kind have, and indexing it would try those rules on all of them.
         * Among equals, the longer texts. {@code null} for a rule with none.
         */
        private static List<Requirement> chosen(List<List<Requirement>> alternatives) {
            Map<String, Integer> sharing = new HashMap<>();
            for (List<Requirement> rule : alternatives) {
                Set<String> texts = new HashSet<>();
                rule.forEach(requirement -> requirement.textsByField().forEach((field, needed) -> needed.forEach(text -> texts.add(field + '\u0000' + text))));
                texts.forEach(text -> sharing.merge(text, 1, Integer::sum));
            }
            List<Requirement> chosen = new ArrayList<>();
            for (List<Requirement> rule : alternatives) {
                Requirement best = null;
                long bestShared = Long.MAX_VALUE;
                for (Requirement requirement : rule) {
                    long shared = 0;
                    for (Map.Entry<String, Set<String>> field : requirement.textsByField().entrySet()) {
                        for (String text : field.getValue()) {
                            shared += sharing.get(field.getKey() + '\u0000' + text);
                        }
                    }
                    if (shared < bestShared || shared == bestShared && requirement.strength() > best.strength()) {
                        best = requirement;
                        bestShared = shared;
                    }
                }
                chosen.add(best);
            }
            return chosen;
        }

        void match(FieldMapping.Shared event, List<Hit> found) {
            EventFields fields = mapping.fields(event);
            if (!mapping.isFor(fields)) {
                return;
            }
            BitSet selected = null;
            for (int i = 0; i < selections.size(); i++) {
                if (selections.get(i).matches(fields)) {
                    if (selected == null) {
                        selected = new BitSet(rules.size());
                    }
                    selected.or(members.get(i));
                }
            }
            if (selected == null) {
                return;
            }
            BitSet candidates = new BitSet(rules.size());
            for (int f = 0; f < fieldNames.length; f++) {
                if (readers[f].intersects(selected)) {
                    List<JsonNode> values = fieldNames[f].equals(Requirement.ANYWHERE) ? fields.scalars() : fields.values(fieldNames[f]);
                    for (int v = 0; v < values.size(); v++) {
                        JsonNode value = values.get(v);
                        if (ValueTest.isScalar(value)) {
                            indices[f].search(value.asText(), candidates);
                        }
                    }
                }
            }
            candidates.or(always);
            candidates.and(selected);
            for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
                SigmaRule rule = rules.get(i);
                if (rule.matches(fields)) {
                    found.add(new Hit(rule, fields));
                }
            }
        }
    }

    private final List<Group> groups;
    private final int runnable;
    private final List<SigmaRules.Refused> refused;
    private final List<Loaded> idle;
    private final List<CorrelationRule> correlationRules;
    private final List<CorrelationRule> disabledCorrelations;
    private final Correlations correlations;
    private final Set<String> quiet;
    private final Map<String, String> keys;

    /** A rule an event meets, with the event's fields as the rule's mapping shows them. */
    public record Hit(SigmaRule rule, EventFields fields) {
    }

    /** A rule's match found over history (by a backtest), for {@link #correlate}. */
    public record Found(SigmaRule rule, String index, String id, ObjectNode event, EventFields fields) {
    }

    /** A correlation that would have fired: for which group, when (its last event's time), on which events ({@code index/id}). */
    public record Firing(CorrelationRule rule, List<String> group, Instant at, List<String> events) {
    }

    private RuleSet(List<Group> groups, List<SigmaRules.Refused> refused, List<Loaded> idle, List<CorrelationRule> correlationRules,
            List<CorrelationRule> disabledCorrelations, Map<String, String> keys) {
        this.groups = groups;
        this.correlationRules = correlationRules;
        this.disabledCorrelations = disabledCorrelations;
        this.keys = keys;
        this.correlations = new Correlations(correlationRules, keys);
        // The rules a correlation names raise no alert of their own, unless one that names them says generate: true.
        Set<String> named = new HashSet<>();
        Set<String> generated = new HashSet<>();
        for (CorrelationRule correlation : correlationRules) {
            correlation.rules().forEach(reference -> (correlation.generate() ? generated : named).add(keys.get(reference)));
        }
        named.removeAll(generated);
        this.quiet = named;
        this.runnable = groups.stream().mapToInt(group -> group.rules.size()).sum();
        this.refused = refused;
        this.idle = idle;
    }

    public static RuleSet empty() {
        return new RuleSet(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    public static RuleSet load(Path folder) throws IOException {
        return load(folder, List.of());
    }

    /**
     * @param disabled rules that load but do not run, each named by its id or by a glob of its file's path in the
     *                 folder ({@code windows/builtin/**}, {@code deprecated/*})
     */
    public static RuleSet load(Path folder, List<String> disabled) throws IOException {
        return load(folder, folder.resolve("mappings"), Switches.of(disabled), List.of());
    }

    public static RuleSet load(Path from, Path mappingFolder, List<String> disabled) throws IOException {
        return load(from, mappingFolder, Switches.of(disabled), List.of());
    }

    /**
     * Rules that come in a bundle (a rule pack): its name (symbolic name and version), and its files by their path
     * under the pack's folder ({@code windows/x.yml}; field mappings under {@code mappings/}). A rule's file is then
     * {@code name!path}, which is also what a glob of a switch matches ({@code *!windows/**}).
     */
    public record Pack(String name, Map<String, String> files) {
    }

    /**
     * @param from          a folder of rules, or one rule file
     * @param mappingFolder field mappings of one's own ({@code *.yml}), before the packs' and Vigil's
     * @param switches      which loaded rules are kept from running
     * @param packs         rules and mappings from bundles, beside the folder's
     */
    public static RuleSet load(Path from, Path mappingFolder, Switches switches, List<Pack> packs) throws IOException {
        Path folder = Files.isDirectory(from) ? from : from.toAbsolutePath().getParent();
        List<SigmaRules.Refused> refused = new ArrayList<>();
        Map<String, FieldMapping> mappings = new LinkedHashMap<>();
        for (Path file : files(mappingFolder)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                mappings.put(file.getFileName().toString().replaceFirst("\\.ya?ml$", ""), FieldMapping.load(file.toString(), reader));
            } catch (RuleException e) {
                refused.add(refusal(e));
            }
        }
        RuleParser parser = new RuleParser(placeholders(folder.resolve("placeholders.yml")));
        List<SigmaRule> rules = new ArrayList<>();
        List<CorrelationRule> correlations = new ArrayList<>();
        for (Pack pack : packs) {
            for (Map.Entry<String, String> file : new java.util.TreeMap<>(pack.files()).entrySet()) {
                String origin = pack.name() + "!" + file.getKey();
                try {
                    if (file.getKey().startsWith("mappings/")) {
                        mappings.putIfAbsent(file.getKey().substring("mappings/".length()).replaceFirst("\\.ya?ml$", ""),
                                FieldMapping.load(origin, new java.io.StringReader(file.getValue())));
                    } else {
                        RuleParser.Parsed parsed = parser.parseAll(origin, file.getValue());
                        rules.addAll(parsed.rules());
                        correlations.addAll(parsed.correlations());
                    }
                } catch (RuleException e) {
                    refused.add(refusal(e));
                }
            }
        }
        for (String name : BUILT_IN) {
            if (!mappings.containsKey(name)) {
                try {
                    mappings.put(name, FieldMapping.builtIn(name));
                } catch (RuleException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
        for (Path file : Files.isDirectory(from) ? files(from) : List.of(from)) {
            if (file.startsWith(mappingFolder) || file.equals(folder.resolve("placeholders.yml"))) {
                continue;
            }
            try {
                RuleParser.Parsed parsed = parser.parseAll(file);
                rules.addAll(parsed.rules());
                correlations.addAll(parsed.correlations());
            } catch (RuleException e) {
                refused.add(refusal(e));
            }
        }
        return of(rules, correlations, List.copyOf(mappings.values()), refused, (id, file) -> switches.disabled(id, where(folder, file)));
    }

    /** A rule's file as globs and listings name it: relative to the folder, or as its pack names it. */
    public static Path where(Path folder, String file) {
        Path path = Path.of(file);
        return path.startsWith(folder) ? folder.relativize(path) : path;
    }

    static RuleSet of(List<SigmaRule> rules, List<CorrelationRule> correlations, List<FieldMapping> mappings, List<SigmaRules.Refused> refused,
            BiPredicate<String, String> disabled) {
        List<SigmaRules.Refused> refusals = new ArrayList<>(refused);
        Map<String, String> keys = Correlations.keys(rules, correlations);
        Map<String, CorrelationRule> byKey = new HashMap<>();
        correlations.forEach(correlation -> byKey.put(correlation.key(), correlation));
        List<CorrelationRule> running = new ArrayList<>();
        List<CorrelationRule> idleCorrelations = new ArrayList<>();
        for (CorrelationRule correlation : correlations) {
            List<String> missing = Correlations.missing(correlation, keys);
            if (disabled.test(correlation.id(), correlation.file())) {
                idleCorrelations.add(correlation);
            } else if (!missing.isEmpty()) {
                refusals.add(new SigmaRules.Refused(correlation.file(), 0, "correlation",
                        "'" + correlation.title() + "' names rules the folder does not have: " + String.join(", ", missing)));
            } else if (Correlations.cyclic(correlation, byKey, keys)) {
                refusals.add(new SigmaRules.Refused(correlation.file(), 0, "correlation", "'" + correlation.title() + "' names itself through other correlations"));
            } else {
                running.add(correlation);
            }
        }
        Map<FieldMapping, Map<Logsource, List<SigmaRule>>> grouped = new LinkedHashMap<>();
        List<Loaded> idle = new ArrayList<>();
        for (SigmaRule rule : rules) {
            FieldMapping mapping = mappings.stream().filter(candidate -> candidate.covers(rule.logsource())).findFirst().orElse(null);
            if (disabled.test(rule.id(), rule.file())) {
                idle.add(new Loaded(rule, "disabled", mapping == null ? null : mapping.name()));
            } else if (mapping == null) {
                idle.add(new Loaded(rule, "unmapped", null));
            } else {
                grouped.computeIfAbsent(mapping, key -> new LinkedHashMap<>()).computeIfAbsent(rule.logsource(), key -> new ArrayList<>()).add(rule);
            }
        }
        List<Group> groups = new ArrayList<>();
        grouped.forEach((mapping, byLogsource) -> groups.add(new Group(mapping, byLogsource)));
        return new RuleSet(groups, List.copyOf(refusals), List.copyOf(idle), List.copyOf(running), List.copyOf(idleCorrelations), keys);
    }

    /** The rules the event meets, each at most once. */
    public List<SigmaRule> matching(JsonNode event) {
        return hits(event).stream().map(Hit::rule).toList();
    }

    /** The rules the event meets, each at most once, with the event's fields as each rule's mapping shows them. */
    public List<Hit> hits(JsonNode event) {
        List<Hit> found = new ArrayList<>();
        FieldMapping.Shared shared = new FieldMapping.Shared(event);
        for (Group group : groups) {
            group.match(shared, found);
        }
        return found;
    }

    /** Whether a correlation names the rule: its matches are worth keeping for {@link #correlate}. */
    public boolean correlated(SigmaRule rule) {
        return correlations.names(rule.key());
    }

    /**
     * What the correlations of these rules make of matches found over history (in any order): offered in event time
     * order to correlations of their own state, as streaming detection would have, the firings in the order they came.
     */
    public List<Firing> correlate(List<Found> found) {
        Correlations fresh = new Correlations(correlationRules, keys);
        List<Correlations.Match> matches = new ArrayList<>();
        for (Found match : found) {
            matches.add(new Correlations.Match(match.rule().key(), match.rule().name(), match.index(), match.id(), match.event(), match.fields(),
                    Correlations.time(match.event())));
        }
        matches.sort(Comparator.comparing(Correlations.Match::time));
        List<Firing> firings = new ArrayList<>();
        for (Correlations.Match match : matches) {
            for (Correlations.Fired fired : fresh.offer(match)) {
                firings.add(new Firing(fired.rule(), fired.group(), fired.matches().get(fired.matches().size() - 1).time(),
                        fired.matches().stream().map(event -> event.index() + "/" + event.id()).toList()));
            }
        }
        return firings;
    }

    /** The correlations of these rules, with their state (which a reload starts anew). */
    Correlations correlations() {
        return correlations;
    }

    /** The correlations that run. */
    public List<CorrelationRule> correlationRules() {
        return correlationRules;
    }

    /** The correlations a switch or the configuration keeps from running. */
    public List<CorrelationRule> disabledCorrelations() {
        return disabledCorrelations;
    }

    /** Whether a rule's or correlation's matches raise no alert of their own (a correlation names it, not generate: true). */
    public boolean quiet(String key) {
        return quiet.contains(key);
    }

    /** Rules that run: loaded, with a field mapping for their product. */
    public int runnable() {
        return runnable;
    }

    public List<SigmaRules.Refused> refused() {
        return refused;
    }

    /** Rules that loaded but have no field mapping for their product: they cannot run until one is added. */
    public List<SigmaRule> unmapped() {
        return idle.stream().filter(loaded -> loaded.state().equals("unmapped")).map(Loaded::rule).toList();
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** A placeholders file: a YAML map of names to lists of values; none when it does not exist. */
    public static Placeholders placeholders(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Placeholders.NONE;
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            Object loaded = new Yaml(new LoaderOptions()).load(reader);
            Map<String, List<String>> values = new HashMap<>();
            if (loaded instanceof Map<?, ?> map) {
                map.forEach((name, value) -> values.put(String.valueOf(name),
                        value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value))));
            }
            return Placeholders.of(values);
        }
    }

    private static SigmaRules.Refused refusal(RuleException e) {
        return new SigmaRules.Refused(e.file(), e.line(), e.feature(), e.reason());
    }

    /** The rules that run, each with the field mapping it runs with. */
    public Map<SigmaRule, FieldMapping> running() {
        Map<SigmaRule, FieldMapping> running = new LinkedHashMap<>();
        groups.forEach(group -> group.rules.forEach(rule -> running.put(rule, group.mapping)));
        return running;
    }

    /** Every loaded rule: those that run, then those disabled or without a field mapping. */
    public List<Loaded> loaded() {
        List<Loaded> all = new ArrayList<>();
        for (Group group : groups) {
            group.rules.forEach(rule -> all.add(new Loaded(rule, "runs", group.mapping.name())));
        }
        all.addAll(idle);
        return all;
    }
}
