package io.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerts.AlertIndex;
import io.vigil.alerts.Rule;
import io.vigil.alerts.RuleFiles;
import io.vigil.alerts.RuleRunner;
import io.vigil.alerts.TimeArguments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./vigil rule-test RULE|FILE|FOLDER [--from T] [--to T]}: what a rule would raise over past events, without
 * storing, tagging or publishing anything. RULE is the name of a bundled rule or of one in the rules folder; FILE a rule
 * file not deployed yet (every rule in it is tested). As when the rule runs, events it already alerted on are not
 * counted. A Sigma rule file, or a folder of them, is tested by {@link SigmaBacktest} (over the last 24 h by default).
 */
public final class RuleTest {

    private RuleTest() {
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 3) {
            usage("");
        }
        if (arguments.length < 4) {
            usage("");
        }
        Path folder = Path.of(arguments[1]);
        Path sigma = Path.of(arguments[2]);
        String wanted = arguments[3];
        Instant now = Instant.now();
        Instant from = null;
        Instant to = now;
        for (int i = 4; i < arguments.length; i++) {
            if (i + 1 >= arguments.length) {
                usage(arguments[i] + " needs a value");
            }
            try {
                switch (arguments[i]) {
                    case "--from" -> from = TimeArguments.parse(arguments[++i], now);
                    case "--to" -> to = TimeArguments.parse(arguments[++i], now);
                    default -> usage("unknown option " + arguments[i]);
                }
            } catch (IllegalArgumentException e) {
                usage(e.getMessage());
            }
        }
        if (isSigma(Path.of(wanted))) {
            new SigmaBacktest(ElasticsearchArgument.connect(arguments[0]), System.out).run(Path.of(wanted), sigma.resolve("mappings"),
                    from == null ? to.minus(Duration.ofHours(24)) : from, to);
            return;
        }
        List<Rule> rules = select(wanted, folder);
        AlertIndex index = new AlertIndex(ElasticsearchArgument.connect(arguments[0]));
        RuleRunner runner = new RuleRunner(index, alert -> alert, alert -> { });
        int raised = 0;
        for (Rule rule : rules) {
            Instant start = from == null ? to.minus(rule.window()) : from;
            RuleRunner.Result result = runner.run(rule, start, to, null, true);
            System.out.printf("%s (%s) from %s to %s: %d matching events, %d alerts would be raised%n", rule.name(), rule.origin(), start, to,
                    result.eventsMatched(), result.alerts().size());
            for (ObjectNode alert : result.alerts()) {
                JsonNode source = alert.path("_source");
                System.out.printf("  %s %s (%d events)%n", source.path("severity").asText(), source.path("summary").asText(), source.path("events").size());
            }
            raised += result.alerts().size();
        }
        System.out.printf("rule-test: %d rules, %d alerts would be raised (nothing was written)%n", rules.size(), raised);
    }

    /** A folder (of Sigma rules: MozDef's are named), or a YAML file with a Sigma detection or correlation. */
    private static boolean isSigma(Path wanted) throws IOException {
        if (Files.isDirectory(wanted)) {
            return true;
        }
        if (!Files.isRegularFile(wanted) || !(wanted.toString().endsWith(".yml") || wanted.toString().endsWith(".yaml"))) {
            return false;
        }
        return Files.readAllLines(wanted, StandardCharsets.UTF_8).stream().anyMatch(line -> line.startsWith("detection:") || line.startsWith("correlation:"));
    }

    /** A rule file's rules, or the rule of that name among the rules folder's and the bundled ones (the folder's first). */
    private static List<Rule> select(String wanted, Path folder) throws IOException {
        Path file = Path.of(wanted);
        if (wanted.endsWith(".yml") && Files.isRegularFile(file)) {
            return parse(file);
        }
        Map<String, Rule> known = new LinkedHashMap<>();
        AlertFixtures.loadRules().values().forEach(rules -> rules.forEach(rule -> known.put(rule.name(), rule)));
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.yml")) {
                for (Path each : files) {
                    parse(each).forEach(rule -> known.put(rule.name(), rule));
                }
            }
        }
        Rule rule = known.get(wanted);
        if (rule == null) {
            System.err.println("rule-test: no rule named " + wanted + "; the rules are " + new ArrayList<>(known.keySet())
                    + " (or give a rule file's path)");
            System.exit(2);
        }
        return List.of(rule);
    }

    private static List<Rule> parse(Path file) throws IOException {
        try {
            return RuleFiles.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuleFiles.RuleFileException e) {
            System.err.println("rule-test: " + e.getMessage());
            System.exit(2);
            return List.of();
        }
    }

    private static void usage(String problem) {
        System.err.println((problem.isEmpty() ? "" : "rule-test: " + problem + "\n")
                + "usage: RuleTest ELASTICSEARCH_URL RULES_FOLDER SIGMA_FOLDER RULE|FILE.yml|SIGMA_FOLDER [--from T] [--to T] "
                + "(T: 2026-12-01T08:00:00Z, 2026-12-01, 90m, 2d)");
        System.exit(2);
    }
}
