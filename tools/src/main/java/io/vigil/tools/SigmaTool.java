package io.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.JsonEvent;
import io.vigil.core.KeyMapping;
import io.vigil.core.PluginChain;
import io.vigil.sigma.FieldMapping;
import io.vigil.sigma.Placeholders;
import io.vigil.sigma.RuleException;
import io.vigil.sigma.RuleParser;
import io.vigil.sigma.RuleSet;
import io.vigil.sigma.SigmaRule;
import io.vigil.support.RejectedEventException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code ./vigil sigma}: {@code check DIR} loads every Sigma rule under a directory and says which are refused and
 * why, grouped by feature; {@code regress DIR [--rules RDIR]} runs SigmaHQ's regression layout (under
 * {@code DIR/regression_data}: an {@code info.yml} naming the rule and a JSON sample of Windows events per folder),
 * each sample event through Vigil's key mapping and standard plugin chain as if posted to {@code /events}, then through
 * the rule with the Windows field mapping. Both end in {@code N passed, M failed} and exit 1 on a failure.
 */
public final class SigmaTool {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_PER_FEATURE = 10;

    /** What a run counted: a rule file or regression case passed or failed, and each failure's line. */
    public record Result(int passed, int failed, List<String> failures) {
    }

    private final PrintStream out;
    private final RuleParser parser;

    public SigmaTool(PrintStream out, Placeholders placeholders) {
        this.out = out;
        this.parser = new RuleParser(placeholders);
    }

    public static void main(String[] arguments) throws IOException {
        List<String> args = new ArrayList<>(List.of(arguments));
        Placeholders placeholders = Placeholders.NONE;
        int at = args.indexOf("--placeholders");
        if (at >= 0 && at + 1 < args.size()) {
            placeholders = RuleSet.placeholders(Path.of(args.get(at + 1)));
            args.subList(at, at + 2).clear();
        }
        Path rules = null;
        at = args.indexOf("--rules");
        if (at >= 0 && at + 1 < args.size()) {
            rules = Path.of(args.get(at + 1));
            args.subList(at, at + 2).clear();
        }
        if (args.size() != 2 || !List.of("check", "regress").contains(args.get(0))) {
            System.err.println("usage: sigma check DIR [--placeholders FILE] | sigma regress DIR [--rules RDIR] [--placeholders FILE]");
            System.exit(2);
        }
        Path dir = Path.of(args.get(1));
        if (!Files.isDirectory(dir)) {
            System.err.println("sigma: not a directory: " + dir);
            System.exit(2);
        }
        SigmaTool tool = new SigmaTool(System.out, placeholders);
        Result result = args.get(0).equals("check") ? tool.check(dir) : tool.regress(dir, rules == null ? dir : rules);
        System.exit(result.failed() == 0 ? 0 : 1);
    }

    /** The rule files under a directory: {@code *.yml} and {@code *.yaml}, leaving out regression data and documents. */
    static List<Path> ruleFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
                    .filter(file -> !dir.relativize(file).toString().startsWith("regression_data") && !file.getFileName().toString().equals("info.yml"))
                    .sorted().toList();
        }
    }

    /** Failures are {@code feature: file:line: reason}, the file relative to {@code dir}. */
    public Result check(Path dir) throws IOException {
        List<Path> files = ruleFiles(dir);
        Map<String, List<RuleException>> refused = new TreeMap<>();
        int loaded = 0;
        for (Path file : files) {
            try {
                parser.parseAll(file);
                loaded++;
            } catch (RuleException e) {
                refused.computeIfAbsent(e.feature(), feature -> new ArrayList<>()).add(e);
            }
        }
        int failed = files.size() - loaded;
        out.printf("loaded %d of %d rule files under %s%n", loaded, files.size(), dir);
        refused.forEach((feature, refusals) -> {
            out.printf("refused for %s: %d%n", feature, refusals.size());
            refusals.stream().limit(SHOWN_PER_FEATURE).forEach(e -> out.println("    " + dir.relativize(Path.of(e.file())) + ":" + e.line() + ": " + e.reason()));
            if (refusals.size() > SHOWN_PER_FEATURE) {
                out.printf("    … and %d more%n", refusals.size() - SHOWN_PER_FEATURE);
            }
        });
        out.printf("sigma: %d passed, %d failed%n", loaded, failed);
        List<String> failures = new ArrayList<>();
        refused.forEach((feature, refusals) -> refusals.forEach(e -> failures.add(feature + ": " + dir.relativize(Path.of(e.file())) + ":" + e.line() + ": " + e.reason())));
        return new Result(loaded, failed, failures);
    }

    public Result regress(Path dir, Path rulesDir) throws IOException {
        Path data = Files.isDirectory(dir.resolve("regression_data")) ? dir.resolve("regression_data") : dir;
        Map<String, SigmaRule> rules = new HashMap<>();
        Map<String, RuleException> refusals = new HashMap<>();
        for (Path file : ruleFiles(rulesDir)) {
            try {
                for (SigmaRule rule : parser.parseAll(file).rules()) {
                    if (rule.id() != null) {
                        rules.put(rule.id(), rule);
                    }
                }
            } catch (RuleException e) {
                String id = idOf(file);
                if (id != null) {
                    refusals.put(id, e);
                }
            }
        }
        FieldMapping windows;
        try {
            windows = FieldMapping.builtIn("windows");
        } catch (RuleException e) {
            throw new IOException(e.getMessage(), e);
        }
        KeyMapping keys = new KeyMapping("vigil-sigma-regress", Clock.system(ZoneOffset.UTC));
        PluginChain chain = new StandardPlugins().chain(List.of());
        List<Path> infos;
        try (Stream<Path> files = Files.walk(data)) {
            infos = files.filter(file -> file.getFileName().toString().equals("info.yml")).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        for (Path info : infos) {
            String failure = regressOne(info, rules, refusals, windows, keys, chain);
            if (failure != null) {
                failures.add(data.relativize(info.getParent()) + ": " + failure);
                out.println(failures.get(failures.size() - 1));
            }
        }
        int passed = infos.size() - failures.size();
        out.printf("sigma regress: %d passed, %d failed%n", passed, failures.size());
        return new Result(passed, failures.size(), failures);
    }

    private String regressOne(Path info, Map<String, SigmaRule> rules, Map<String, RuleException> refusals, FieldMapping mapping, KeyMapping keys,
            PluginChain chain) throws IOException {
        JsonNode test = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(info.toFile());
        String id = test.at("/rule_metadata/0/id").asText("");
        SigmaRule rule = rules.get(id);
        if (rule == null) {
            RuleException refused = refusals.get(id);
            return refused != null ? "rule " + id + " refused: " + refused.getMessage() : "no rule with id " + id + " under the rules directory";
        }
        List<Path> samples;
        try (Stream<Path> files = Files.list(info.getParent())) {
            samples = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        if (samples.isEmpty()) {
            return "no JSON sample beside info.yml";
        }
        int wanted = test.at("/regression_tests_info/0/match_count").asInt(0);
        int matched = 0;
        int events = 0;
        for (Path sample : samples) {
            try (MappingIterator<JsonNode> iterator = JSON.readerFor(JsonNode.class).readValues(sample.toFile())) {
                while (iterator.hasNext()) {
                    JsonNode event = iterator.next();
                    events++;
                    ObjectNode stored = asPosted(event, keys, chain);
                    if (stored != null && mapping.matches(rule, mapping.fields(stored))) {
                        matched++;
                    }
                }
            }
        }
        if (wanted > 0 ? matched >= wanted : matched > 0) {
            return null;
        }
        return "rule " + id + " (" + rule.title() + ") matched " + matched + " of " + events + " events, wanted " + (wanted > 0 ? wanted : "at least 1");
    }

    /**
     * The event as Vigil would store it after {@code POST /events}: MozDef's key mapping, then the standard plugins;
     * {@code null} when it is refused or a plugin drops it.
     */
    public static ObjectNode asPosted(JsonNode event, KeyMapping keys, PluginChain chain) {
        if (!event.isObject()) {
            return null;
        }
        try {
            JsonEvent mapped = new JsonEvent(keys.map((ObjectNode) event.deepCopy()), "events", null);
            return chain.process(mapped) == PluginChain.Outcome.DROPPED ? null : mapped.document();
        } catch (RejectedEventException e) {
            return null;
        }
    }

    /** A refused file's id, read loosely, so the regression case can say why its rule is missing. */
    private static String idOf(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith("id:")).map(line -> line.substring(3).trim()).findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
