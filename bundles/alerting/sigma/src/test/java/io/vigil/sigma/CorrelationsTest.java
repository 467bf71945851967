package io.vigil.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.sigma.rules.SigmaRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Correlation rules from the specification's own examples, over events of a test product whose fields are where Sigma names them. */
class CorrelationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path folder;

    private int sequence;

    private RuleSet load(String rules) throws Exception {
        Files.createDirectories(folder.resolve("mappings"));
        Files.writeString(folder.resolve("mappings/test.yml"), "product: test\nfields: {'*': ['{field}']}\n");
        Files.writeString(folder.resolve("rules.yml"), rules);
        return RuleSet.load(folder);
    }

    /** What fires when an event comes, with its time {@code seconds} after T0. */
    private List<String> send(RuleSet rules, int seconds, String json) throws Exception {
        return send(rules, seconds, json, "e" + sequence++);
    }

    private List<String> send(RuleSet rules, int seconds, String json, String id) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(json.replace('\'', '"'));
        event.put("utctimestamp", T0.plusSeconds(seconds).toString());
        List<String> fired = new ArrayList<>();
        for (RuleSet.Hit hit : rules.hits(event)) {
            Correlations.Match match = new Correlations.Match(hit.rule().key(), hit.rule().name(), "events", id, event, hit.fields(),
                    Correlations.time(event));
            rules.correlations().offer(match).forEach(done -> fired.add(done.rule().title() + " " + done.group() + " " + done.matches().size()));
        }
        return fired;
    }

    private static final String FAILED_LOGIN = """
            title: Single failed login
            id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
            name: failed_login
            logsource: {product: test}
            detection:
              selection: {EventID: [529, 4625]}
              condition: selection
            """;

    @Test
    void eventCountFiresOncePerWindowAndGroupThenStartsAgain() throws Exception {
        RuleSet rules = load(FAILED_LOGIN + """
                ---
                title: Many failed logins
                correlation:
                  type: event_count
                  rules: [failed_login]
                  group-by: [User]
                  timespan: 10m
                  condition: {gte: 3}
                """);
        assertTrue(rules.quiet("53ba33fd-3a50-4468-a5ef-c583635cfa92"));
        assertEquals(List.of(), send(rules, 0, "{'EventID':4625,'User':'alice'}"));
        assertEquals(List.of(), send(rules, 10, "{'EventID':4625,'User':'bob'}"));
        assertEquals(List.of(), send(rules, 20, "{'EventID':4625,'User':'alice'}"));
        assertEquals(List.of(), send(rules, 30, "{'EventID':4624,'User':'alice'}"));
        assertEquals(List.of("Many failed logins [alice] 3"), send(rules, 40, "{'EventID':529,'User':'alice'}"));
        // The window starts again: two more are not three.
        assertEquals(List.of(), send(rules, 50, "{'EventID':4625,'User':'alice'}"));
        assertEquals(List.of(), send(rules, 60, "{'EventID':4625,'User':'alice'}"));
        // bob's two, 10 minutes and more apart, never share a window.
        assertEquals(List.of(), send(rules, 620, "{'EventID':4625,'User':'bob'}"));
        assertEquals(List.of(), send(rules, 1300, "{'EventID':4625,'User':'bob'}"));
    }

    /**
     * Over history (a backtest), the matches of each rule come rule by rule, not in time: they are put in event time
     * order first, so the chained correlation fires as it would have streaming, and the set's own state is untouched.
     */
    @Test
    void matchesFoundOverHistoryAreCorrelatedInEventTimeOrder() throws Exception {
        RuleSet rules = load(FAILED_LOGIN + """
                ---
                title: Successful login
                name: successful_login
                logsource: {product: test}
                detection: {selection: {EventID: 4624}, condition: selection}
                ---
                title: Two failures
                name: two_failures
                correlation: {type: event_count, rules: [failed_login], group-by: [User], timespan: 10m, condition: {gte: 2}}
                ---
                title: Failures then a success
                correlation: {type: temporal_ordered, rules: [two_failures, successful_login], group-by: [User], timespan: 10m}
                """);
        assertTrue(rules.running().keySet().stream().allMatch(rules::correlated), "both rules are named by a correlation");
        List<RuleSet.Found> found = new ArrayList<>();
        // the success first (its rule's query ran first), then the failures; by time: failure, failure, success
        for (String[] event : new String[][] {{"{'EventID':4624,'User':'eve'}", "30"}, {"{'EventID':4625,'User':'eve'}", "10"},
            {"{'EventID':4625,'User':'eve'}", "0"}}) {
            ObjectNode json = (ObjectNode) JSON.readTree(event[0].replace('\'', '"'));
            json.put("utctimestamp", T0.plusSeconds(Integer.parseInt(event[1])).toString());
            for (RuleSet.Hit hit : rules.hits(json)) {
                found.add(new RuleSet.Found(hit.rule(), "events", "t" + event[1], json, hit.fields()));
            }
        }
        assertEquals(List.of("Two failures [eve] at 10 on events/t0,events/t10", "Failures then a success [eve] at 30 on events/t10,events/t30"),
                rules.correlate(found).stream().map(firing -> firing.rule().title() + " " + firing.group() + " at "
                        + (firing.at().getEpochSecond() - T0.getEpochSecond()) + " on " + String.join(",", firing.events())).toList());
        assertTrue(rules.correlations().changes().isEmpty(), "the streaming state is not the backtest's");
    }

    /** A catch-up reads back events already checked: the same event seen again counts once. */
    @Test
    void anEventSeenTwiceCountsOnce() throws Exception {
        RuleSet rules = load(FAILED_LOGIN + """
                ---
                title: Many failed logins
                correlation: {type: event_count, rules: [failed_login], group-by: [User], timespan: 10m, condition: {gte: 2}}
                """);
        assertEquals(List.of(), send(rules, 0, "{'EventID':4625,'User':'alice'}", "same"));
        assertEquals(List.of(), send(rules, 0, "{'EventID':4625,'User':'alice'}", "same"));
        assertEquals(List.of("Many failed logins [alice] 2"), send(rules, 5, "{'EventID':4625,'User':'alice'}", "other"));
    }

    private static final String MANY_FAILED = FAILED_LOGIN + """
            ---
            title: Many failed logins
            id: 0e95725d-7320-415d-80f7-004da920fc11
            correlation: {type: event_count, rules: [failed_login], group-by: [User], timespan: 10m, condition: {gte: 3}}
            """;

    /** What a save writes, as the store keeps it (an ended group is no document). */
    private static Map<Correlations.GroupKey, JsonNode> save(RuleSet rules, Map<Correlations.GroupKey, JsonNode> store) {
        List<Correlations.Saved> changes = rules.correlations().changes();
        for (Correlations.Saved change : changes) {
            if (change.window() == null) {
                store.remove(change.key());
            } else {
                store.put(change.key(), JSON.valueToTree(change.window()));
            }
        }
        rules.correlations().saved(changes);
        return store;
    }

    /**
     * A restart in the middle of a window: the saved windows come back, the events after the checkpoint are read back
     * and count once, the window fires once with every match (the restored ones by where their events are), and what
     * a fired window counted is not counted again when read back once more.
     */
    @Test
    void aWindowResumesAfterARestartAndCountsEachEventOnce() throws Exception {
        RuleSet before = load(MANY_FAILED);
        send(before, 0, "{'EventID':4625,'User':'alice'}", "a1");
        send(before, 10, "{'EventID':4625,'User':'alice'}", "a2");
        Map<Correlations.GroupKey, JsonNode> store = save(before, new HashMap<>());
        assertEquals(1, store.size());
        assertTrue(before.correlations().changes().isEmpty(), "saved: nothing changed since");

        RuleSet after = load(MANY_FAILED);
        store.forEach((key, window) -> after.correlations().restore(key, window));
        assertEquals(List.of(), send(after, 10, "{'EventID':4625,'User':'alice'}", "a2"), "read back after the checkpoint: counted already");
        List<Correlations.Fired> fired = new ArrayList<>();
        ObjectNode third = (ObjectNode) JSON.readTree("{\"EventID\":4625,\"User\":\"alice\",\"utctimestamp\":\"" + T0.plusSeconds(20) + "\"}");
        for (RuleSet.Hit hit : after.hits(third)) {
            fired.addAll(after.correlations().offer(new Correlations.Match(hit.rule().key(), hit.rule().name(), "events", "a3", third, hit.fields(),
                    Correlations.time(third))));
        }
        assertEquals(1, fired.size());
        assertEquals(List.of("a1", "a2", "a3"), fired.get(0).matches().stream().map(Correlations.Match::id).toList());
        assertEquals(Arrays.asList(null, null, third), fired.get(0).matches().stream().map(Correlations.Match::event).toList());
        // Another restart after it fired, the checkpoint still before all three: they are not a new window.
        save(after, store);
        RuleSet again = load(MANY_FAILED);
        store.forEach((key, window) -> again.correlations().restore(key, window));
        assertEquals(List.of(), send(again, 0, "{'EventID':4625,'User':'alice'}", "a1"));
        assertEquals(List.of(), send(again, 10, "{'EventID':4625,'User':'alice'}", "a2"));
        assertEquals(List.of(), send(again, 20, "{'EventID':4625,'User':'alice'}", "a3"));
        assertEquals(List.of(), send(again, 30, "{'EventID':4625,'User':'alice'}", "a4"));
    }

    /** A reload of the rules keeps the windows of the correlations it has unchanged, and drops the others' (deleted at the next save). */
    @Test
    void aReloadKeepsTheWindowsOfUnchangedCorrelations() throws Exception {
        RuleSet before = load(MANY_FAILED);
        send(before, 0, "{'EventID':4625,'User':'alice'}");
        send(before, 10, "{'EventID':4625,'User':'alice'}");
        RuleSet same = load(MANY_FAILED);
        same.correlations().takeOver(before.correlations());
        assertEquals(List.of("Many failed logins [alice] 3"), send(same, 20, "{'EventID':4625,'User':'alice'}"));

        send(same, 30, "{'EventID':4625,'User':'bob'}");
        Map<Correlations.GroupKey, JsonNode> store = save(same, new HashMap<>());
        assertEquals(2, store.size());
        RuleSet longer = load(MANY_FAILED.replace("timespan: 10m", "timespan: 1h"));
        longer.correlations().takeOver(same.correlations());
        assertEquals(List.of(), send(longer, 40, "{'EventID':4625,'User':'bob'}"));
        assertEquals(List.of(), send(longer, 50, "{'EventID':4625,'User':'bob'}"), "bob's window started anew: two, not three");
        save(longer, store);
        assertEquals(List.of(List.of("bob")), store.keySet().stream().map(Correlations.GroupKey::group).toList(), "alice's old window deleted");
    }

    @Test
    void valueCountCountsDistinctValuesPerGroup() throws Exception {
        RuleSet rules = load(FAILED_LOGIN + """
                ---
                title: Failed logins of many users
                correlation:
                  type: value_count
                  rules: [53ba33fd-3a50-4468-a5ef-c583635cfa92]
                  group-by: [ComputerName]
                  timespan: 1d
                  condition: {field: User, gte: 3}
                """);
        assertEquals(List.of(), send(rules, 0, "{'EventID':4625,'User':'a','ComputerName':'dc1'}"));
        assertEquals(List.of(), send(rules, 1, "{'EventID':4625,'User':'a','ComputerName':'dc1'}"));
        assertEquals(List.of(), send(rules, 2, "{'EventID':4625,'User':'b','ComputerName':'dc1'}"));
        assertEquals(List.of(), send(rules, 3, "{'EventID':4625,'User':'c','ComputerName':'dc2'}"));
        assertEquals(List.of("Failed logins of many users [dc1] 4"), send(rules, 4, "{'EventID':4625,'User':'c','ComputerName':'dc1'}"));
    }

    private static final String RECON = """
            title: whoami
            name: recon_cmd_a
            logsource: {product: test}
            detection: {s: {Image|endswith: whoami.exe}, condition: s}
            ---
            title: net
            name: recon_cmd_b
            logsource: {product: test}
            detection: {s: {Image|endswith: net.exe}, condition: s}
            ---
            title: ipconfig
            name: recon_cmd_c
            logsource: {product: test}
            detection: {s: {Image|endswith: ipconfig.exe}, condition: s}
            """;

    @Test
    void temporalWantsEveryRuleInTheWindowInAnyOrder() throws Exception {
        RuleSet rules = load(RECON + """
                ---
                title: Recon
                correlation:
                  type: temporal
                  rules: [recon_cmd_a, recon_cmd_b, recon_cmd_c]
                  group-by: [ComputerName, User]
                  timespan: 5m
                """);
        assertEquals(List.of(), send(rules, 0, "{'Image':'C:\\\\ipconfig.exe','ComputerName':'ws1','User':'eve'}"));
        assertEquals(List.of(), send(rules, 10, "{'Image':'C:\\\\whoami.exe','ComputerName':'ws1','User':'eve'}"));
        assertEquals(List.of(), send(rules, 20, "{'Image':'C:\\\\net.exe','ComputerName':'ws2','User':'eve'}"));
        assertEquals(List.of("Recon [ws1, eve] 3"), send(rules, 30, "{'Image':'C:\\\\net.exe','ComputerName':'ws1','User':'eve'}"));
        // Beyond five minutes the first ones have left the window.
        assertEquals(List.of(), send(rules, 100, "{'Image':'C:\\\\whoami.exe','ComputerName':'ws3','User':'eve'}"));
        assertEquals(List.of(), send(rules, 200, "{'Image':'C:\\\\net.exe','ComputerName':'ws3','User':'eve'}"));
        assertEquals(List.of(), send(rules, 500, "{'Image':'C:\\\\ipconfig.exe','ComputerName':'ws3','User':'eve'}"));
    }

    /** The specification's example: failed logins (an event_count correlation) followed by a success, chained. */
    @Test
    void temporalOrderedChainsCorrelationsAsTheSpecificationsExample() throws Exception {
        RuleSet rules = load("""
                title: Correlation - Multiple Failed Logins Followed by Successful Login
                id: b180ead8-d58f-40b2-ae54-c8940995b9b6
                correlation:
                  type: temporal_ordered
                  rules: [multiple_failed_login, successful_login]
                  group-by: [User]
                  timespan: 10m
                level: high
                ---
                title: Multiple failed logons
                id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
                name: multiple_failed_login
                correlation:
                  type: event_count
                  rules: [failed_login]
                  group-by: [User]
                  timespan: 10m
                  condition: {gte: 3}
                ---
                """ + FAILED_LOGIN + """
                ---
                title: Successful login
                id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
                name: successful_login
                logsource: {product: test}
                detection: {selection: {EventID: [528, 4624]}, condition: selection}
                """);
        assertTrue(rules.quiet("a8418a5a-5fc4-46b5-b23b-6c73beb19d41"));
        assertFalse(rules.quiet("b180ead8-d58f-40b2-ae54-c8940995b9b6"));
        // A success first, then the failures: not in that order.
        assertEquals(List.of(), send(rules, 0, "{'EventID':4624,'User':'mallory'}"));
        assertEquals(List.of(), send(rules, 10, "{'EventID':4625,'User':'mallory'}"));
        assertEquals(List.of(), send(rules, 20, "{'EventID':4625,'User':'mallory'}"));
        assertEquals(List.of("Multiple failed logons [mallory] 3"), send(rules, 30, "{'EventID':4625,'User':'mallory'}"));
        // The window holds the early success too: three events made it.
        assertEquals(List.of("Correlation - Multiple Failed Logins Followed by Successful Login [mallory] 3"),
                send(rules, 40, "{'EventID':4624,'User':'mallory'}"));
    }

    @Test
    void aliasesGroupFieldsThatRulesNameDifferently() throws Exception {
        RuleSet rules = load("""
                title: internal error
                name: internal_error
                logsource: {product: test}
                detection: {selection: {http.response.status_code: 500}, condition: selection}
                ---
                title: new connection
                name: new_network_connection
                logsource: {product: test}
                detection: {selection: {event.category: network}, condition: selection}
                ---
                title: Error then connection back
                correlation:
                  type: temporal
                  rules: [internal_error, new_network_connection]
                  group-by: [internal_ip, remote_ip]
                  timespan: 10s
                  aliases:
                    internal_ip: {internal_error: destination.ip, new_network_connection: source.ip}
                    remote_ip: {internal_error: source.ip, new_network_connection: destination.ip}
                """);
        assertEquals(List.of(), send(rules, 0, "{'http':{'response':{'status_code':500}},'source':{'ip':'203.0.113.9'},'destination':{'ip':'10.0.0.5'}}"));
        assertEquals(List.of(), send(rules, 1, "{'event':{'category':'network'},'source':{'ip':'10.0.0.6'},'destination':{'ip':'203.0.113.9'}}"));
        assertEquals(List.of("Error then connection back [10.0.0.5, 203.0.113.9] 2"),
                send(rules, 2, "{'event':{'category':'network'},'source':{'ip':'10.0.0.5'},'destination':{'ip':'203.0.113.9'}}"));
    }

    @Test
    void correlationsThatCannotRunAreRefusedWithTheReason() throws Exception {
        RuleSet rules = load(FAILED_LOGIN + """
                ---
                title: names nothing there
                correlation: {type: temporal, rules: [failed_login, nowhere], group-by: [User], timespan: 5m}
                ---
                title: fewer than
                correlation: {type: event_count, rules: [failed_login], group-by: [User], timespan: 5m, condition: {lt: 3}}
                """);
        assertEquals(List.of(), rules.correlationRules());
        List<SigmaRules.Refused> refused = rules.refused();
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).reason().contains("decided when a window closes"), refused.toString());
        RuleSet missing = load(FAILED_LOGIN + """
                ---
                title: names nothing there
                correlation: {type: temporal, rules: [failed_login, nowhere], group-by: [User], timespan: 5m}
                """);
        assertTrue(missing.refused().get(0).reason().contains("nowhere"), missing.refused().toString());
        assertFalse(missing.quiet("53ba33fd-3a50-4468-a5ef-c583635cfa92"));
    }
}
