package io.vigil.sigma;

import static io.vigil.support.fuzz.FuzzSettings.quickly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.fuzz.Fuzz;
import io.vigil.support.fuzz.FuzzJson;
import io.vigil.support.fuzz.FuzzText;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Sigma rule files, fuzzed: detections built from the specification's parts put together at random (fields,
 * modifiers, values with wildcards and escapes, conditions), and whole files garbled character by character. Each is
 * loaded or refused with a {@link RuleException} naming why; a loaded rule tried on any event answers, in time.
 */
@Fuzz
class SigmaFuzz {

    private static final List<String> FIELDS = List.of("Image", "CommandLine", "EventID", "User", "src_ip", "a.b", "details.x", "*", "");
    private static final List<String> MODIFIERS = List.of("contains", "startswith", "endswith", "all", "re", "cidr", "base64", "base64offset", "windash",
            "exists", "gt", "gte", "lt", "lte", "utf16le", "utf16be", "wide", "fieldref", "expand", "i", "m", "s", "cased", "neq", "nonsense", "");
    private static final String TEMPLATE = "title: t\nid: 6f8e0b2c-0000-4000-8000-000000000001\nlogsource: {product: test}\ndetection:\n"
            + "  sel:\n    Image|endswith: '\\\\cmd.exe'\n    CommandLine|contains|all: ['whoami', '/priv']\n  filter:\n    User: ['SYSTEM', 'LOCAL*']\n"
            + "  unnamed:\n    User: null\n  condition: sel and not (filter or unnamed)\nlevel: high\n";
    private final RuleParser parser = new RuleParser(Placeholders.of(Map.of("Admins", List.of("root", "adm*"))));
    private final FieldMapping flat;

    SigmaFuzz() throws Exception {
        flat = FieldMapping.load("flat", new StringReader("fields: {'*': ['{field}']}"));
    }

    @Property
    void builtRulesLoadOrAreRefusedAndMatchInTime(@ForAll("detections") String detection, @ForAll("events") List<ObjectNode> events) throws Exception {
        check("title: t\nid: 1\nlogsource: {product: test}\ndetection:\n" + detection, events);
    }

    @Property
    void garbledFilesLoadOrAreRefused(@ForAll("garbled") String text, @ForAll("events") List<ObjectNode> events) throws Exception {
        check(text, events);
    }

    private void check(String text, List<ObjectNode> events) throws Exception {
        RuleParser.Parsed parsed;
        try {
            parsed = quickly(() -> parser.parseAll("fuzz.yml", text));
        } catch (RuleException refused) {
            assertTrue(refused.getMessage().startsWith("fuzz.yml"), refused.getMessage());
            Statistics.label("files").collect("refused");
            return;
        }
        Statistics.label("files").collect("loaded");
        for (SigmaRule rule : parsed.rules()) {
            for (ObjectNode event : events) {
                quickly(() -> rule.matches(flat.fields(event)));
            }
        }
    }

    @Provide
    Arbitrary<String> detections() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().withChars("ab*?\\/.:-[](){}|^$+ 0123456789").ofMaxLength(16).map(SigmaFuzz::quoted),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("null", "''", "'*'", "'\\\\*'", "'10.0.0.0/8'", "'::1/128'", "'%Admins%'",
                        "'(a+)+$'", "'[z-a]'", "'*\\\\'", "true", "~"));
        Arbitrary<String> values = Arbitraries.oneOf(value, value.list().ofMaxSize(4).map(list -> "[" + String.join(", ", list) + "]"));
        Arbitrary<String> key = Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.of(MODIFIERS).list().ofMaxSize(3))
                .as((field, modifiers) -> modifiers.isEmpty() ? field : field + "|" + String.join("|", modifiers));
        Arbitrary<String> map = Combinators.combine(key, values).as((k, v) -> "    '" + k + "': " + v + "\n").list().ofMinSize(1).ofMaxSize(4)
                .map(lines -> String.join("", lines));
        Arbitrary<String> keywords = values.map(v -> "    - " + v + "\n");
        Arbitrary<String> selection = Arbitraries.oneOf(map, keywords, Arbitraries.of("    []\n", "    {}\n", "    null\n"));
        Arbitrary<String> condition = Arbitraries.of("sel", "sel2", "keywords", "not", "and", "or", "(", ")", "1 of sel*", "all of them", "any of sel*",
                "| count() > 5", "near", "1 of", "them", "x").list().ofMinSize(1).ofMaxSize(7).map(tokens -> String.join(" ", tokens));
        return Combinators.combine(selection, selection, condition)
                .as((sel, sel2, cond) -> "  sel:\n" + sel + "  sel2:\n" + sel2 + "  condition: " + cond + "\n");
    }

    @Provide
    Arbitrary<String> garbled() {
        return FuzzText.garbled(TEMPLATE, 8);
    }

    @Provide
    Arbitrary<List<ObjectNode>> events() {
        return FuzzJson.objects(2, FIELDS).list().ofMaxSize(3);
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
