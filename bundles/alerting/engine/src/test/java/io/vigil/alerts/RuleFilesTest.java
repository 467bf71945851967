package io.vigil.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerts.RuleFiles.RuleFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String BRUTEFORCE = """
            # a comment
            classname: AlertBruteforceSsh
            window: 2m
            query:
              must:
                - phrase: {summary: failed}
                - terms: {summary: [login, invalid]}
                - any: [{match: {a: 1}}, {exists: b}]
              must_not:
                - subnet: {details.sourceipaddress: 10.0.0.0/8}
            aggregate: {field: details.sourceipaddress, threshold: 10, samples: 10}
            facets:
              hosts: {field: hostname, limit: 5, format: " {key} ({count} hits)", separator: ""}
            alert:
              category: bruteforce
              tags: [ssh]
              summary: "{count} attempts by {value}{facet.hosts}"
            """;

    @Test
    void readsARuleWithMozDefsDefaults() throws Exception {
        List<Rule> rules = RuleFiles.parse("rules/bruteforce_ssh.yml", BRUTEFORCE);
        assertEquals(1, rules.size());
        Rule rule = rules.get(0);
        assertEquals("bruteforce_ssh", rule.name(), "the file's name without .yml");
        assertEquals("AlertBruteforceSsh", rule.classname());
        assertEquals(Duration.ofMinutes(2), rule.window());
        assertEquals(Duration.ofMinutes(1), rule.schedule());
        assertEquals(List.of("events", "events-previous"), rule.indices());
        assertEquals("NOTICE", rule.alert().severity());
        assertEquals(new Rule.Aggregation("details.sourceipaddress", 10, 10), rule.aggregation());
        assertTrue(rule.enabled());
        assertNull(rule.deadman());
    }

    @Test
    void buildsTheQueryAsJsonWithTheTimeRangeAndTheAlreadyAlertedExclusion() throws Exception {
        Rule rule = RuleFiles.parse("bruteforce_ssh.yml", BRUTEFORCE).get(0);
        Instant now = Instant.parse("2017-01-01T01:00:00Z");
        String query = RuleRunner.query(rule, now.minus(rule.window()), now, List.of()).toString();
        assertEquals(JSON.readTree("""
                {"bool":{"must":[
                  {"match_phrase":{"summary":"failed"}},
                  {"terms":{"summary":["login","invalid"]}},
                  {"bool":{"should":[{"match":{"a":1}},{"exists":{"field":"b"}}],"minimum_should_match":1}},
                  {"bool":{"should":[{"range":{"utctimestamp":{"gte":"2017-01-01T00:58:00Z","lte":"2017-01-01T01:00:00Z"}}},
                                     {"range":{"receivedtimestamp":{"gte":"2017-01-01T00:58:00Z","lte":"2017-01-01T01:00:00Z"}}}],
                           "minimum_should_match":1}}],
                 "must_not":[
                  {"range":{"details.sourceipaddress":{"gte":"10.0.0.0","lte":"10.255.255.255"}}},
                  {"match":{"alert_names":"AlertBruteforceSsh"}}]}}
                """), JSON.readTree(query));
    }

    @Test
    void valuesFromTheFileAreDataNotQuerySyntax() throws Exception {
        Rule rule = RuleFiles.parse("x.yml", """
                window: 1m
                query: {must: [{match: {summary: "a\\" OR \\"b"}}]}
                alert: {summary: s}
                """).get(0);
        String query = RuleRunner.query(rule, Instant.EPOCH, Instant.EPOCH, List.of()).toString();
        assertEquals("a\" OR \"b", JSON.readTree(query).at("/bool/must/0/match/summary").asText());
    }

    @Test
    void aFrozenClockResolvesRelativeDates() throws Exception {
        Rule rule = RuleFiles.parse("old.yml", """
                window: 6h
                query: {must: [{less_than: {utctimestamp: "{now-1d}"}}]}
                alert: {summary: s}
                """).get(0);
        String query = RuleRunner.query(rule, Instant.EPOCH, Instant.parse("2017-01-01T01:00:00Z"), List.of()).toString();
        assertEquals("2016-12-31T01:00:00Z", JSON.readTree(query).at("/bool/must/0/range/utctimestamp/lt").asText());
    }

    @Test
    void severalRulesInOneFileNeedNames() throws Exception {
        String two = """
                name: one
                window: 5m
                query: {must: [{query_string: a}]}
                deadman: true
                alert: {summary: one}
                ---
                name: two
                window: 20h
                query: {must: [{query_string: b}]}
                deadman: {below: 3}
                alert: {summary: two}
                """;
        List<Rule> rules = RuleFiles.parse("d.yml", two);
        assertEquals(List.of("one", "two"), rules.stream().map(Rule::name).toList());
        assertEquals(3, rules.get(1).deadman().below());
        RuleFileException unnamed = assertThrows(RuleFileException.class, () -> RuleFiles.parse("d.yml", two.replace("name: two\n", "")));
        assertTrue(unnamed.getMessage().contains("name is required"), unnamed.getMessage());
    }

    @Test
    void errorsNameTheFileTheLineAndTheReason() {
        RuleFileException typo = assertThrows(RuleFileException.class, () -> RuleFiles.parse("rules/a.yml", """
                name: first
                window: 5m
                query: {must: [{query_string: a}]}
                alert: {summary: one}
                ---
                name: second
                window: 5m
                query: {must: [{mtach: {a: b}}]}
                alert: {summary: two}
                """));
        assertEquals("rules/a.yml", typo.origin());
        assertTrue(typo.line() >= 6 && typo.line() <= 7, "the second document's line, not " + typo.line());
        assertTrue(typo.getMessage().contains("rule 'second'") && typo.getMessage().contains("query.must[0]: unknown clause 'mtach'"),
                typo.getMessage());

        RuleFileException yaml = assertThrows(RuleFileException.class, () -> RuleFiles.parse("b.yml", "window: 5m\nquery: {must: [\n"));
        assertTrue(yaml.line() > 0 && yaml.getMessage().startsWith("b.yml:" + yaml.line() + ": not valid YAML"), yaml.getMessage());

        for (Map.Entry<String, String> bad : Map.of(
                "window: 2x\nquery: {must: [{exists: a}]}\nalert: {summary: s}", "window: not a duration",
                "window: 2m\nquery: {must: [{exists: a}]}\nalert: {summary: s}\nthreshold: 3", "unknown key 'threshold' in a rule",
                "window: 2m\nquery: {must: [{exists: a}]}\nalert: {summary: \"{valeu}\"}", "unknown placeholder {valeu}",
                "window: 2m\nquery: {must: [{exists: a}]}\nalert: {summary: \"{host:valeu}\"}", "unknown placeholder {valeu}",
                "window: 2m\nquery: {must: [{exists: a}]}\nalert: {summary: s, severity: LOUD}", "alert.severity is one of",
                "window: 2m\nquery: {must: [{subnet: {a: example.com/8}}]}\nalert: {summary: s}", "not a network",
                "window: 2m\nquery: {must: []}\nalert: {summary: s}", "at least one clause",
                "query: {must: [{exists: a}]}\nalert: {summary: s}", "window is required").entrySet()) {
            RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFiles.parse("c.yml", bad.getKey()), bad.getKey());
            assertTrue(e.getMessage().contains(bad.getValue()), e.getMessage() + " should say " + bad.getValue());
        }
    }

    @Test
    void facetsRenderAsMozDefJoinsThem() {
        Rule.Facet hits = new Rule.Facet("hostname", 2, " {key} ({count} hits)", "", "count", "", null, 0);
        assertEquals(" b (5 hits) a (3 hits)", RuleRunner.render(hits, List.of(Map.entry("b", 5L), Map.entry("a", 3L), Map.entry("c", 1L))));
        Rule.Facet sorted = new Rule.Facet("ip", 2, "{key}", ", ", "key", "...", null, 0);
        assertEquals("1.1.1.1, 2.2.2.2...", RuleRunner.render(sorted, List.of(Map.entry("3.3.3.3", 9L), Map.entry("2.2.2.2", 1L), Map.entry("1.1.1.1", 1L))));
        Rule.Facet ips = new Rule.Facet("details.host", 10, "{key}", ",", "key", "", "ip", 1);
        assertEquals("1.2.3.5,::1", RuleRunner.render(ips, List.of(Map.entry("example.com", 1L), Map.entry("::1", 1L), Map.entry("1.2.3.5", 2L))));
        assertNull(RuleRunner.render(ips, List.of(Map.entry("example.com", 1L))), "a required facet left empty drops the alert");
        Rule.Facet users = new Rule.Facet("details.username", 10, "{key}", ", ", "count", "", null, 2);
        assertNull(RuleRunner.render(users, List.of(Map.entry("a", 5L))), "fewer distinct values than the minimum drop the alert");
        assertEquals("a, b", RuleRunner.render(users, List.of(Map.entry("a", 5L), Map.entry("b", 1L))));
    }

    @Test
    void hostPlaceholdersNameAddressesReverseDnsKnows() {
        Template template = Template.parse("Port scan from {host:value} to {host:event.details.destinationipaddress} [{count}]", Set.of());
        HostNames hosts = address -> "10.0.0.1".equals(address) ? Optional.of("scanner.example.com") : Optional.empty();
        assertEquals("Port scan from 10.0.0.1 (scanner.example.com) to 10.0.0.2 [3]", template.render(Map.of("value", "10.0.0.1", "count", "3"),
                new ObjectMapper().createObjectNode().set("details", new ObjectMapper().createObjectNode().put("destinationipaddress", "10.0.0.2")),
                facet -> "", hosts));
        assertTrue(HostNames.dns().of("not an address").isEmpty(), "only addresses are looked up");
    }
}
