package io.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.Query;
import io.vigil.elasticsearch.Scan;
import io.vigil.sigma.CorrelationRule;
import io.vigil.sigma.EventFields;
import io.vigil.sigma.FieldMapping;
import io.vigil.sigma.RuleSet;
import io.vigil.sigma.Search;
import io.vigil.sigma.SigmaRule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./vigil rule-test} for Sigma rules: what a rule file, or every rule of a folder, would have matched among the
 * events stored from {@code from} to {@code to} (event time), writing nothing. Each rule becomes an Elasticsearch query
 * through its field mapping ({@link FieldMapping#search}); the events it finds are then checked by the engine itself,
 * so what is shown is what streaming detection would have raised (before throttling), and a query that can only
 * narrow (regular expressions, keywords anywhere) costs time, not correctness. The matches of the rules correlations
 * name are then run through the correlations, in event time order, as streaming detection would have.
 */
public final class SigmaBacktest {

    /** Per rule, the events shown; per correlation, the firings. */
    static final int SHOWN = 5;
    /** Matches kept for the correlations, at most: beyond, the correlations are not run and the user is told to narrow the range. */
    static final int MAX_CORRELATED = 200_000;
    private static final int PAGE = 500;

    /** What one rule would have matched; {@code found} the matches a correlation needs (none if no correlation names it). */
    public record Result(SigmaRule rule, long candidates, long matched, boolean exact, List<String> shown, List<RuleSet.Found> found) {
    }

    private final Elasticsearch elasticsearch;
    private final PrintStream out;

    public SigmaBacktest(Elasticsearch elasticsearch, PrintStream out) {
        this.elasticsearch = elasticsearch;
        this.out = out;
    }

    /**
     * @param rules    a rule file or a folder of them
     * @param mappings the field mappings of one's own (the running rules folder's {@code mappings}), before Vigil's
     */
    public List<Result> run(Path rules, Path mappings, Instant from, Instant to) throws IOException, InterruptedException {
        RuleSet set = RuleSet.load(rules, mappings, List.of());
        set.refused().forEach(refusal -> out.printf("refused %s:%d: %s: %s%n", refusal.file(), refusal.line(), refusal.feature(), refusal.reason()));
        set.unmapped().forEach(rule -> out.printf("not run %s: no field mapping for product %s%n", rule.file(), rule.logsource().product()));
        List<Result> results = new ArrayList<>();
        List<RuleSet.Found> correlated = new ArrayList<>();
        long matched = 0;
        for (Map.Entry<SigmaRule, FieldMapping> running : set.running().entrySet()) {
            Result result = run(running.getKey(), running.getValue(), from, to, set.correlated(running.getKey()));
            results.add(result);
            matched += result.matched();
            if (correlated.size() <= MAX_CORRELATED) {
                correlated.addAll(result.found());
            }
            if (result.matched() > 0) {
                SigmaRule rule = result.rule();
                out.printf("%s (%s, %s): %d events matched, of %d the query found%s%n", rule.title(), rule.id() == null ? "no id" : rule.id(),
                        rule.level() == null ? "no level" : rule.level(), result.matched(), result.candidates(), result.exact() ? "" : " (a narrowing query)");
                result.shown().forEach(line -> out.println("  " + line));
            }
        }
        long firings = correlate(set, correlated);
        out.printf("rule-test: %d Sigma rules over the events from %s to %s: %d matched by %d rules%s (nothing was written)%n", results.size(), from,
                to, matched, results.stream().filter(result -> result.matched() > 0).count(),
                set.correlationRules().isEmpty() ? "" : ", " + firings + " correlation firings");
        return results;
    }

    /** Runs the correlations over the matches of the rules they name; prints each that fired; @return the firings, -1 if not run. */
    private long correlate(RuleSet set, List<RuleSet.Found> correlated) {
        if (set.correlationRules().isEmpty()) {
            return 0;
        }
        if (correlated.size() > MAX_CORRELATED) {
            out.printf("correlations not run: more than %,d matches of the rules they name; narrow --from/--to%n", MAX_CORRELATED);
            return -1;
        }
        Map<CorrelationRule, List<RuleSet.Firing>> byRule = new LinkedHashMap<>();
        set.correlate(correlated).forEach(firing -> byRule.computeIfAbsent(firing.rule(), rule -> new ArrayList<>()).add(firing));
        byRule.forEach((rule, firings) -> {
            out.printf("%s (%s, correlation %s): fired %d time%s%n", rule.title(), rule.id() == null ? "no id" : rule.id(), rule.type(), firings.size(),
                    firings.size() == 1 ? "" : "s");
            firings.stream().limit(SHOWN).forEach(firing -> out.printf("  %s group %s: %d events (%s%s)%n", firing.at(), firing.group(),
                    firing.events().size(), String.join(", ", firing.events().subList(0, Math.min(3, firing.events().size()))),
                    firing.events().size() > 3 ? ", …" : ""));
        });
        return byRule.values().stream().mapToLong(List::size).sum();
    }

    Result run(SigmaRule rule, FieldMapping mapping, Instant from, Instant to, boolean keep) throws IOException, InterruptedException {
        Search search = mapping.search(rule);
        JsonNode query = Query.allOf(search.query(), Query.range("utctimestamp", from.toString(), to.toString()));
        List<String> indices = List.of("events-*");
        long[] counts = new long[2];
        List<String> shown = new ArrayList<>();
        List<RuleSet.Found> found = new ArrayList<>();
        if (elasticsearch.count(indices, query) == 0) {
            return new Result(rule, 0, 0, search.exact(), shown, found);
        }
        Scan.each(elasticsearch, indices, query, "utctimestamp", PAGE, hit -> {
            counts[0]++;
            ObjectNode event = (ObjectNode) hit.path("_source");
            EventFields fields = mapping.fields(event);
            if (mapping.isFor(fields) && mapping.matches(rule, fields)) {
                if (keep && found.size() <= MAX_CORRELATED) {
                    found.add(new RuleSet.Found(rule, hit.path("_index").asText(), hit.path("_id").asText(), event, fields));
                }
                if (counts[1]++ < SHOWN) {
                    shown.add(event.path("utctimestamp").asText() + " " + hit.path("_index").asText() + "/" + hit.path("_id").asText() + " "
                            + event.path("hostname").asText("") + " " + event.path("summary").asText(""));
                }
            }
        });
        return new Result(rule, counts[0], counts[1], search.exact(), shown, found);
    }
}
