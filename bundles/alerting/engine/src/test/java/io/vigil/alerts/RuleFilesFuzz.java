package io.vigil.alerts;

import static io.vigil.support.fuzz.FuzzSettings.quickly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.alerts.RuleFiles.RuleFileException;
import io.vigil.support.fuzz.Fuzz;
import io.vigil.support.fuzz.FuzzText;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Rule files as an administrator may garble them, fuzzed: each loads or is refused with a reason naming the file,
 * and a loaded rule makes its Elasticsearch query without an exception, in time.
 */
@Fuzz
class RuleFilesFuzz {

    private static final String RULE = """
            name: bruteforce_ssh
            classname: AlertBruteforceSsh
            schedule: 1m
            window: 2m
            indices: [events, events-previous]
            query:
              must:
                - phrase: {summary: failed}
                - match: {details.program: sshd}
                - terms: {summary: [login, invalid]}
                - any: [{exists: details.user}, {wildcard: {hostname: "web*"}}]
              must_not:
                - subnet: {details.sourceipaddress: 10.0.0.0/8}
                - query_string: "summary: veth*"
                - less_than: {utctimestamp: "{now-1d}"}
            aggregate: {field: details.sourceipaddress, threshold: 10, samples: 10}
            facets:
              hosts: {field: hostname, limit: 5, format: " {key} ({count} hits)", separator: "", order: count}
            alert:
              severity: NOTICE
              category: bruteforce
              tags: [ssh]
              summary: "{count} ssh bruteforce attempts by {value}{facet.hosts}"
              url: https://wiki.example.com/ssh
            """;

    @Property
    void garbledRuleFilesLoadOrAreRefused(@ForAll("garbled") String text) throws Exception {
        List<Rule> rules;
        try {
            rules = quickly(() -> RuleFiles.parse("fuzz.yml", text));
        } catch (RuleFileException refused) {
            assertTrue(refused.getMessage().contains("fuzz.yml"), refused.getMessage());
            Statistics.label("files").collect("refused");
            return;
        }
        Statistics.label("files").collect("loaded");
        Instant now = Instant.parse("2026-12-08T00:00:00Z");
        for (Rule rule : rules) {
            quickly(() -> RuleRunner.query(rule, now.minus(rule.window()), now, List.of()));
        }
    }

    @Provide
    Arbitrary<String> garbled() {
        return FuzzText.garbled(RULE, 6);
    }
}
