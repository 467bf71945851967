package io.vigil.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String rule(String id, String product, String category, String detection) {
        return "title: rule " + id + "\nid: " + id + "\nlevel: critical\ntags: [attack.t1003]\nlogsource: {product: " + product
                + (category == null ? "" : ", category: " + category) + "}\ndetection:\n" + detection;
    }

    private static ObjectNode sysmon(int eventId, String image, String user) throws Exception {
        return (ObjectNode) JSON.readTree("{\"hostname\":\"ws1\",\"details\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"eventid\":" + eventId
                + ",\"image\":\"" + image.replace("\\", "\\\\") + "\",\"user\":\"" + user + "\"}}");
    }

    @Test
    void aFolderLoadsWholeWithPlaceholdersMappingsAndRefusals(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("windows"));
        Files.writeString(folder.resolve("windows/lsass.yml"), rule("a", "windows", "process_creation", "  s: {Image|endswith: '\\procdump.exe'}\n  condition: s\n"));
        Files.writeString(folder.resolve("windows/admins.yml"), rule("b", "windows", "process_creation", "  s: {User|expand: '%Admins%'}\n  condition: s\n"));
        Files.writeString(folder.resolve("macos.yml"), rule("c", "macos", "process_creation", "  s: {Image|endswith: /nc}\n  condition: s\n"));
        Files.writeString(folder.resolve("broken.yml"), rule("d", "windows", null, "  s: {Image|nope: x}\n  condition: s\n"));
        Files.writeString(folder.resolve("placeholders.yml"), "Admins: [root, 'adm*']\n");

        RuleSet rules = RuleSet.load(folder);
        assertEquals(2, rules.runnable());
        assertEquals(List.of("c"), rules.unmapped().stream().map(SigmaRule::id).toList());
        assertEquals(1, rules.refused().size());
        assertEquals("modifier", rules.refused().get(0).feature());
        assertTrue(rules.refused().get(0).file().endsWith("broken.yml"));

        assertEquals(List.of("a"), rules.matching(sysmon(1, "C:\\tools\\procdump.exe", "bob")).stream().map(SigmaRule::id).toList());
        assertEquals(List.of("a", "b"), rules.matching(sysmon(1, "C:\\tools\\procdump.exe", "admin7")).stream().map(SigmaRule::id).sorted().toList());
        // Another Sysmon event id is another logsource; an event without a channel is no Windows event at all.
        assertEquals(List.of(), rules.matching(sysmon(11, "C:\\tools\\procdump.exe", "root")));
        assertEquals(List.of(), rules.matching((ObjectNode) JSON.readTree("{\"details\":{\"eventid\":1,\"image\":\"C:\\\\procdump.exe\"}}")));
    }

    /** Keywords, numbers and regular expressions are prefiltered too; what the prefilter lets through still decides. */
    @Test
    void thePrefilterFindsKeywordsNumbersAndRegularExpressions(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("k.yml"), rule("k", "windows", "process_creation", "  keywords: ['sekurlsa::', 'kerberos::golden']\n  condition: keywords\n"));
        Files.writeString(folder.resolve("n.yml"), rule("n", "windows", "process_creation", "  s: {EventID: 1, Image|endswith: '.exe'}\n  condition: s\n"));
        Files.writeString(folder.resolve("r.yml"), rule("r", "windows", "process_creation", "  s: {Image|re: '(?i)\\\\proc.?dump\\.exe$'}\n  condition: s\n"));
        RuleSet rules = RuleSet.load(folder);
        assertEquals(List.of("n", "r"), rules.matching(sysmon(1, "C:\\PROCDUMP.exe", "bob")).stream().map(SigmaRule::id).sorted().toList());
        assertEquals(List.of("k", "n"), rules.matching(sysmon(1, "C:\\x.exe", "Sekurlsa::logonpasswords")).stream().map(SigmaRule::id).sorted().toList());
        assertEquals(List.of(), rules.matching(sysmon(1, "C:\\procdump.dll", "bob")));
        // the long s folds to s, for contains as for the other tests
        assertEquals(List.of("k"), rules.matching(sysmon(1, "C:\\x.dll", "\u017fekurl\u017fa::")).stream().map(SigmaRule::id).toList());
    }

    @Test
    void rulesNamedDisabledLoadButDoNotRun(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("windows/noisy"));
        String detection = "  s: {Image|endswith: '\\procdump.exe'}\n  condition: s\n";
        Files.writeString(folder.resolve("windows/a.yml"), rule("a", "windows", "process_creation", detection));
        Files.writeString(folder.resolve("windows/b.yml"), rule("b", "windows", "process_creation", detection));
        Files.writeString(folder.resolve("windows/noisy/c.yml"), rule("c", "windows", "process_creation", detection));
        RuleSet rules = RuleSet.load(folder, List.of("b", "windows/noisy/**"));
        assertEquals(List.of("a"), rules.matching(sysmon(1, "C:\\procdump.exe", "bob")).stream().map(SigmaRule::id).toList());
        assertEquals(List.of("a runs", "b disabled", "c disabled"),
                rules.loaded().stream().map(loaded -> loaded.rule().id() + " " + loaded.state()).sorted().toList());
    }

    @Test
    void aMappingOfTheFolderReplacesVigilsOwn(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("mappings"));
        Files.writeString(folder.resolve("mappings/windows.yml"), "product: windows\nfields: {'*': ['winlog.event_data.{field}']}\n");
        Files.writeString(folder.resolve("r.yml"), rule("a", "windows", "process_creation", "  s: {Image|endswith: '\\procdump.exe'}\n  condition: s\n"));
        RuleSet rules = RuleSet.load(folder);
        assertEquals(1, rules.runnable());
        assertEquals(1, rules.matching((ObjectNode) JSON.readTree("{\"winlog\":{\"event_data\":{\"Image\":\"C:\\\\procdump.exe\"}}}")).size());
    }

    @Test
    void anAlertCarriesTheRuleAndTheEventUnderAnIdOfBoth() throws Exception {
        SigmaRule rule = new RuleParser(Placeholders.NONE).parse("r.yml", rule("a", "windows", null, "  s: {Image: x}\n  condition: s\n")).get(0);
        ObjectNode event = sysmon(1, "x", "bob");
        ObjectNode alert = SigmaAlerts.alert(rule, "events-20261207", "e1", event, Instant.parse("2026-12-07T10:00:00Z"));
        assertEquals("Sigma: rule a on ws1", alert.path("summary").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertEquals("[\"sigma\",\"attack.t1003\"]", alert.path("tags").toString());
        assertEquals("e1", alert.at("/events/0/documentid").asText());
        assertEquals(event, alert.at("/events/0/documentsource"));
        assertEquals("a", alert.at("/details/sigma/id").asText());
        assertEquals("2026-12-07T10:00:00+00:00", alert.path("utctimestamp").asText());
        assertEquals(SigmaAlerts.id(rule, "events-20261207", "e1"), SigmaAlerts.id(rule, "events-20261207", "e1"));
        assertNotEquals(SigmaAlerts.id(rule, "events-20261207", "e1"), SigmaAlerts.id(rule, "events-20261207", "e2"));
    }
}
