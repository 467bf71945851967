package io.vigil.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules as Elasticsearch queries through a mapping: exact where a query can say what the engine decides, wider where not. */
class SearchTest {

    private static SigmaRule rule(String logsource, String detection) throws Exception {
        return new RuleParser(Placeholders.NONE).parse("r.yml", "title: t\nlogsource: " + logsource + "\ndetection:\n" + detection).get(0);
    }

    private static FieldMapping mapping(String yaml) throws Exception {
        return FieldMapping.load("m.yml", new StringReader(yaml));
    }

    /** Each wildcard query as "path=pattern" (with "/cased" where it is not case-insensitive). */
    private static List<String> wildcards(Search search) {
        return search.query().findValues("wildcard").stream().map(wildcard -> {
            String path = wildcard.fieldNames().next();
            JsonNode query = wildcard.get(path);
            return path + "=" + query.path("value").asText() + (query.path("case_insensitive").asBoolean() ? "" : "/cased");
        }).sorted().toList();
    }

    @Test
    void stringsConjunctionsAndNegationsAreExact() throws Exception {
        FieldMapping test = mapping("product: test\nfields: {'*': ['details.{field_lower}']}\n");
        Search search = test.search(rule("{product: test}", """
                  selection: {Image|endswith: '\\proc*dump.exe', CommandLine|contains|all: ['-ma', 'lsass'], Hash|cased: 'AbC'}
                  filter: {User: 'NT AUTHORITY\\SYSTEM'}
                  condition: selection and not filter
                """));
        assertTrue(search.exact());
        assertEquals(List.of("details.commandline=*-ma*", "details.commandline=*lsass*", "details.hash=AbC/cased", "details.image=*\\\\proc*dump.exe",
                "details.user=NT AUTHORITY\\\\SYSTEM"), wildcards(search));
        assertEquals(1, search.query().findValues("must_not").size());
        assertTrue(search.query().findValue("must_not").toString().contains("details.user"));
    }

    @Test
    void whatAQueryCannotSayWidensIt() throws Exception {
        FieldMapping test = mapping("product: test\nfields: {'*': ['details.{field_lower}'], Host: [details.host, hostname]}\n");
        Search regex = test.search(rule("{product: test}", "  s: {CommandLine|re: 'a.*b'}\n  condition: s\n"));
        assertFalse(regex.exact());
        assertEquals("details.commandline", regex.query().path("exists").path("field").asText());
        assertEquals(Search.ANY, test.search(rule("{product: test}", "  k: [mimikatz]\n  condition: k\n")), "keywords: anywhere");
        // a negation of what is not exact cannot narrow: all events, for the engine to decide
        assertEquals(Search.ANY, test.search(rule("{product: test}", "  s: {CommandLine|re: 'a.*b'}\n  condition: not s\n")));
        // two paths for a field: either may hold (the engine takes the first present)
        Search twoPaths = test.search(rule("{product: test}", "  s: {Host: ws1}\n  condition: s\n"));
        assertFalse(twoPaths.exact());
        assertEquals(List.of("details.host=ws1", "hostname=ws1"), wildcards(twoPaths));
        // numbers: as written, or as a double
        Search number = test.search(rule("{product: test}", "  s: {EventID: 4625}\n  condition: s\n"));
        assertEquals(List.of("4625", "4625.0"), number.query().findValues("details.eventid").stream().map(JsonNode::asText).sorted().toList());
        // exists: false and null both as no value
        Search absent = test.search(rule("{product: test}", "  s: {User: null, Domain|exists: false}\n  condition: s\n"));
        assertTrue(absent.exact());
        assertEquals(2, absent.query().findValues("must_not").size());
    }

    @Test
    void theMappingsSelectionsAreInTheQuery() throws Exception {
        FieldMapping windows = FieldMapping.builtIn("windows");
        Search search = windows.search(rule("{product: windows, category: process_creation}", "  s: {Image|endswith: '\\whoami.exe'}\n  condition: s\n"));
        assertEquals(List.of("details.channel=Microsoft-Windows-Sysmon/Operational", "details.image=*\\\\whoami.exe"), wildcards(search));
        assertTrue(search.query().findValues("exists").stream().anyMatch(exists -> exists.path("field").asText().equals("details.channel")));
        assertFalse(search.exact(), "an event id may be written 1 or 1.0");
    }
}
