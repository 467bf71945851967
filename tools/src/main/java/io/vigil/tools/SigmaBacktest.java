package io.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.Query;
import io.vigil.elasticsearch.Scan;
import io.vigil.sigma.FieldMapping;
import io.vigil.sigma.RuleSet;
import io.vigil.sigma.Search;
import io.vigil.sigma.SigmaRule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./vigil rule-test} for Sigma rules: what a rule file, or every rule of a folder, would have matched among the
 * events stored from {@code from} to {@code to} (event time), writing nothing. Each rule becomes an Elasticsearch query
 * through its field mapping ({@link FieldMapping#search}); the events it finds are then checked by the engine itself,
 * so what is shown is what streaming detection would have raised (before throttling), and a query that can only
 * narrow (regular expressions, keywords anywhere) costs time, not correctness.
 */
public final class SigmaBacktest {

    /** Per rule, the events shown. */
    static final int SHOWN = 5;
    private static final int PAGE = 500;

    /** What one rule would have matched. */
    public record Result(SigmaRule rule, long candidates, long matched, boolean exact, List<String> shown) {
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
        long matched = 0;
        for (Map.Entry<SigmaRule, FieldMapping> running : set.running().entrySet()) {
            Result result = run(running.getKey(), running.getValue(), from, to);
            results.add(result);
            matched += result.matched();
            if (result.matched() > 0) {
                SigmaRule rule = result.rule();
                out.printf("%s (%s, %s): %d events matched, of %d the query found%s%n", rule.title(), rule.id() == null ? "no id" : rule.id(),
                        rule.level() == null ? "no level" : rule.level(), result.matched(), result.candidates(), result.exact() ? "" : " (a narrowing query)");
                result.shown().forEach(line -> out.println("  " + line));
            }
        }
        out.printf("rule-test: %d Sigma rules over the events from %s to %s: %d matched by %d rules (nothing was written)%n", results.size(), from, to,
                matched, results.stream().filter(result -> result.matched() > 0).count());
        return results;
    }

    Result run(SigmaRule rule, FieldMapping mapping, Instant from, Instant to) throws IOException, InterruptedException {
        Search search = mapping.search(rule);
        JsonNode query = Query.allOf(search.query(), Query.range("utctimestamp", from.toString(), to.toString()));
        List<String> indices = List.of("events-*");
        long[] counts = new long[2];
        List<String> shown = new ArrayList<>();
        if (elasticsearch.count(indices, query) == 0) {
            return new Result(rule, 0, 0, search.exact(), shown);
        }
        Scan.each(elasticsearch, indices, query, "utctimestamp", PAGE, hit -> {
            counts[0]++;
            ObjectNode event = (ObjectNode) hit.path("_source");
            if (mapping.isFor(mapping.fields(event)) && mapping.matches(rule, mapping.fields(event))) {
                if (counts[1]++ < SHOWN) {
                    shown.add(event.path("utctimestamp").asText() + " " + hit.path("_index").asText() + "/" + hit.path("_id").asText() + " "
                            + event.path("hostname").asText("") + " " + event.path("summary").asText(""));
                }
            }
        });
        return new Result(rule, counts[0], counts[1], search.exact(), shown);
    }
}
