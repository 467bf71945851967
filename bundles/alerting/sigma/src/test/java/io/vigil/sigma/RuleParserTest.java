package io.vigil.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RuleParser parser = new RuleParser(Placeholders.of(Map.of("Admins", List.of("root", "adm*"))));
    private final FieldMapping flat;

    RuleParserTest() throws Exception {
        flat = FieldMapping.load("flat", new StringReader("fields: {'*': ['{field}']}"));
    }

    private SigmaRule rule(String detection) throws RuleException {
        return parser.parse("test.yml", "title: t\nid: 1\nlogsource: {product: test}\ndetection:\n" + detection).get(0);
    }

    private boolean matches(String detection, String event) throws Exception {
        JsonNode node = JSON.readTree(event.replace('\'', '"'));
        return rule(detection).matches(flat.fields(node));
    }

    @Test
    void mapsAreAndListsAreOrCaseInsensitive() throws Exception {
        String detection = "  sel:\n    EventID: [4688, 1]\n    Image: 'C:\\Windows\\cmd.exe'\n  condition: sel\n";
        assertTrue(matches(detection, "{'EventID':1,'Image':'c:\\\\windows\\\\CMD.EXE'}"));
        assertTrue(matches(detection, "{'EventID':'4688','Image':'C:\\\\Windows\\\\cmd.exe'}"));
        assertFalse(matches(detection, "{'EventID':2,'Image':'C:\\\\Windows\\\\cmd.exe'}"));
        assertFalse(matches(detection, "{'EventID':1}"));
    }

    @Test
    void wildcardsAndTheirEscapes() throws Exception {
        assertTrue(matches("  s: {F: 'prog?.exe'}\n  condition: s\n", "{'F':'progA.exe'}"));
        assertFalse(matches("  s: {F: 'prog?.exe'}\n  condition: s\n", "{'F':'prog.exe'}"));
        assertTrue(matches("  s: {F: 'a*z'}\n  condition: s\n", "{'F':'a\\nmiddle z'}"));
        assertTrue(matches("  s: {F: 'a\\*z'}\n  condition: s\n", "{'F':'a*z'}"));
        assertFalse(matches("  s: {F: 'a\\*z'}\n  condition: s\n", "{'F':'abz'}"));
        // \\* is a backslash and then a wildcard; \\\* a backslash and a star
        assertTrue(matches("  s: {F: 'a\\\\*'}\n  condition: s\n", "{'F':'a\\\\xyz'}"));
        assertTrue(matches("  s: {F: 'a\\\\\\*'}\n  condition: s\n", "{'F':'a\\\\*'}"));
        assertFalse(matches("  s: {F: 'a\\\\\\*'}\n  condition: s\n", "{'F':'a\\\\x'}"));
    }

    @Test
    void placementModifiersAndAll() throws Exception {
        assertTrue(matches("  s: {F|contains: 'WHOAMI'}\n  condition: s\n", "{'F':'cmd /c whoami /all'}"));
        assertTrue(matches("  s: {F|startswith: 'cmd'}\n  condition: s\n", "{'F':'CMD /c'}"));
        assertFalse(matches("  s: {F|endswith: 'cmd'}\n  condition: s\n", "{'F':'CMD /c'}"));
        assertTrue(matches("  s: {F|endswith: '\\cmd.exe'}\n  condition: s\n", "{'F':'C:\\\\x\\\\cmd.exe'}"));
        String all = "  s:\n    F|contains|all: [' -a', ' -b']\n  condition: s\n";
        assertTrue(matches(all, "{'F':'x -b -a'}"));
        assertFalse(matches(all, "{'F':'x -a'}"));
        assertFalse(matches("  s: {F|cased: 'Abc'}\n  condition: s\n", "{'F':'abc'}"));
        assertTrue(matches("  s: {F|contains|cased: 'Abc'}\n  condition: s\n", "{'F':'xAbcx'}"));
    }

    @Test
    void nullEmptyAndExists() throws Exception {
        assertTrue(matches("  s: {F: null}\n  condition: s\n", "{'G':1}"));
        assertTrue(matches("  s: {F: null}\n  condition: s\n", "{'F':null}"));
        assertFalse(matches("  s: {F: null}\n  condition: s\n", "{'F':''}"));
        assertTrue(matches("  s: {F: ''}\n  condition: s\n", "{'F':''}"));
        assertTrue(matches("  s: {F|exists: true}\n  condition: s\n", "{'F':null}"));
        assertTrue(matches("  s: {F|exists: false}\n  condition: s\n", "{'G':1}"));
        RuleException refused = assertThrows(RuleException.class, () -> rule("  s:\n    F: ['', null]\n  condition: s\n"));
        assertEquals(6, refused.line());
        assertEquals("value", refused.feature());
    }

    @Test
    void regexCidrNumbersAndFieldReferences() throws Exception {
        assertTrue(matches("  s: {F|re: '-e(nc)? [A-Z]'}\n  condition: s\n", "{'F':'ps -enc ABC'}"));
        assertFalse(matches("  s: {F|re: '-E [A-Z]'}\n  condition: s\n", "{'F':'ps -e ABC'}"));
        assertTrue(matches("  s: {F|re|i: '-E [A-Z]'}\n  condition: s\n", "{'F':'ps -e ABC'}"));
        assertTrue(matches("  s: {F|re|s: 'a.b'}\n  condition: s\n", "{'F':'a\\nb'}"));
        assertTrue(matches("  s: {Ip|cidr: ['10.0.0.0/8', '2001:db8::/32']}\n  condition: s\n", "{'Ip':'2001:db8::1'}"));
        assertFalse(matches("  s: {Ip|cidr: '10.0.0.0/8'}\n  condition: s\n", "{'Ip':'11.0.0.1'}"));
        assertTrue(matches("  s: {N|gte: 10}\n  condition: s\n", "{'N':'10'}"));
        assertFalse(matches("  s: {N|lt: 10}\n  condition: s\n", "{'N':10}"));
        assertTrue(matches("  s: {N|neq: 10}\n  condition: s\n", "{'N':11}"));
        assertTrue(matches("  s: {A|fieldref: B}\n  condition: s\n", "{'A':'x','B':'X'}"));
        assertTrue(matches("  s: {A|fieldref|neq: B}\n  condition: s\n", "{'A':'x','B':'y'}"));
        assertTrue(matches("  s: {T|hour: 5}\n  condition: s\n", "{'T':'2026-04-17T05:24:53Z'}"));
        assertTrue(matches("  s: {T|year|gte: 2026}\n  condition: s\n", "{'T':'2026-04-17T05:24:53Z'}"));
    }

    @Test
    void encodings() throws Exception {
        String whoami = Base64.getEncoder().encodeToString("whoami".getBytes());
        assertTrue(matches("  s: {F|base64: whoami}\n  condition: s\n", "{'F':'" + whoami + "'}"));
        for (String prefix : List.of("", "a", "ab")) {
            String encoded = Base64.getEncoder().encodeToString((prefix + "Invoke-Mimikatz and more").getBytes());
            assertTrue(matches("  s: {F|base64offset|contains: Invoke-Mimikatz}\n  condition: s\n", "{'F':'" + encoded + "'}"), prefix);
            String wide = Base64.getEncoder().encodeToString((prefix + "Invoke-Mimikatz and more").getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
            assertTrue(matches("  s: {F|wide|base64offset|contains: Invoke-Mimikatz}\n  condition: s\n", "{'F':'" + wide + "'}"), prefix);
        }
        assertTrue(matches("  s: {F|contains|windash: ' -enc '}\n  condition: s\n", "{'F':'ps \u2013enc x'}"));
        assertTrue(matches("  s: {F|contains|windash: ' -enc '}\n  condition: s\n", "{'F':'ps /enc x'}"));
        assertFalse(matches("  s: {F|contains|windash: ' -enc '}\n  condition: s\n", "{'F':'ps +enc x'}"));
        assertThrows(RuleException.class, () -> rule("  s: {F|utf16le: x}\n  condition: s\n"));
    }

    @Test
    void placeholdersExpandOrRefuse() throws Exception {
        assertTrue(matches("  s: {U|expand: '%Admins%'}\n  condition: s\n", "{'U':'admin2'}"));
        assertTrue(matches("  s: {U|expand: '%Admins%'}\n  condition: s\n", "{'U':'ROOT'}"));
        assertFalse(matches("  s: {U|expand: '%Admins%'}\n  condition: s\n", "{'U':'bob'}"));
        assertTrue(matches("  s: {U: '%Admins%'}\n  condition: s\n", "{'U':'%Admins%'}"));
        RuleException refused = assertThrows(RuleException.class, () -> rule("  s:\n    U|expand: '%Servers%'\n  condition: s\n"));
        assertEquals("placeholder", refused.feature());
        assertEquals(6, refused.line());
    }

    @Test
    void keywordsSearchEveryValue() throws Exception {
        assertTrue(matches("  k: [event::clear, 'event::drop']\n  condition: k\n", "{'summary':'mimikatz # event::Clear done','n':{'x':1}}"));
        assertFalse(matches("  k: [event::clear]\n  condition: k\n", "{'summary':'nothing'}"));
        String all = "  k:\n    '|all': [OabVirtualDirectory, ' -ExternalUrl ']\n  condition: k\n";
        assertTrue(matches(all, "{'a':'Set-OabVirtualDirectory','b':'x -ExternalUrl y'}"));
        assertFalse(matches(all, "{'a':'Set-OabVirtualDirectory'}"));
    }

    @Test
    void conditionsFollowTheGrammar() throws Exception {
        String detection = "  selection_a: {A: 1}\n  selection_b: {B: 1}\n  filter_c: {C: 1}\n  _hidden: {D: 1}\n  condition: %s\n";
        assertTrue(matches(detection.formatted("1 of selection_* and not filter_c"), "{'A':1}"));
        assertFalse(matches(detection.formatted("1 of selection_* and not filter_c"), "{'A':1,'C':1}"));
        assertFalse(matches(detection.formatted("all of selection_*"), "{'A':1}"));
        assertTrue(matches(detection.formatted("all of them"), "{'A':1,'B':1,'C':1}"));
        assertTrue(matches(detection.formatted("1 of them"), "{'C':1}"));
        assertFalse(matches(detection.formatted("1 of them"), "{'D':1}"));
        // and binds tighter than or; not tighter than and
        assertTrue(matches(detection.formatted("selection_a or selection_b and filter_c"), "{'A':1}"));
        assertFalse(matches(detection.formatted("(selection_a or selection_b) and filter_c"), "{'A':1}"));
        assertTrue(matches(detection.formatted("not selection_a and selection_b"), "{'B':1}"));
        assertTrue(matches("  a: {A: 1}\n  b: {B: 1}\n  condition: [a, b]\n", "{'B':1}"));
    }

    @Test
    void refusalsNameTheLineAndFeature() {
        RuleException undefined = assertThrows(RuleException.class, () -> rule("  sel: {A: 1}\n  condition: sel and other\n"));
        assertEquals("condition", undefined.feature());
        assertEquals(6, undefined.line());
        assertTrue(undefined.getMessage().startsWith("test.yml:6: condition: "), undefined.getMessage());
        assertEquals("condition", assertThrows(RuleException.class, () -> rule("  sel: {A: 1}\n  condition: sel | count() > 5\n")).feature());
        assertEquals("condition", assertThrows(RuleException.class, () -> rule("  sel: {A: 1}\n  condition: (sel\n")).feature());
        assertEquals("condition", assertThrows(RuleException.class, () -> rule("  sel: {A: 1}\n  condition: 1 of nothing*\n")).feature());
        assertEquals("modifier", assertThrows(RuleException.class, () -> rule("  sel: {A|sortof: 1}\n  condition: sel\n")).feature());
        assertEquals("re", assertThrows(RuleException.class, () -> rule("  sel: {A|re: '(a'}\n  condition: sel\n")).feature());
        assertEquals("detection", assertThrows(RuleException.class,
                () -> parser.parse("x.yml", "title: t\nlogsource: {product: x}\n")).feature());
        assertEquals("yaml", assertThrows(RuleException.class, () -> parser.parse("x.yml", "title: [")).feature());
        assertEquals("correlation", assertThrows(RuleException.class,
                () -> parser.parse("x.yml", "title: t\ncorrelation: {type: event_count}\n")).feature());
    }

    @Test
    void theWindowsMappingSelectsByLogsourceAndFindsFields() throws Exception {
        FieldMapping windows = FieldMapping.builtIn("windows");
        SigmaRule rule = parser.parse("w.yml", "title: t\nlogsource: {product: windows, category: process_creation}\n"
                + "detection:\n  s: {Image|endswith: '\\whoami.exe', Provider_Name: Microsoft-Windows-Sysmon}\n  condition: s\n").get(0);
        assertTrue(windows.covers(rule.logsource()));
        JsonNode sysmon = JSON.readTree("{\"hostname\":\"ws1\",\"details\":{\"eventid\":1,\"channel\":\"Microsoft-Windows-Sysmon/Operational\","
                + "\"provider_name\":\"Microsoft-Windows-Sysmon\",\"image\":\"C:\\\\Windows\\\\System32\\\\whoami.exe\"}}");
        assertTrue(windows.matches(rule, windows.fields(sysmon)));
        JsonNode otherEvent = JSON.readTree(sysmon.toString().replace("\"eventid\":1", "\"eventid\":11"));
        assertFalse(windows.matches(rule, windows.fields(otherEvent)));
        assertFalse(windows.covers(new Logsource("linux", null, null)));
    }
}
