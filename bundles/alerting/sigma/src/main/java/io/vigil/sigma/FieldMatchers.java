package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.sigma.RuleException.Feature;
import io.vigil.support.IpNetwork;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles one {@code field|modifier|…: values} of a detection (or a keyword list, with no field) into a matcher:
 * the transformation modifiers rewrite the values in the order written, the type modifiers decide how each value
 * tests a field's value, and {@code all}, {@code neq}, {@code exists} and {@code fieldref} how the tests combine.
 * Every modifier of the specification's appendix (2.1) is here; anything else is refused.
 */
final class FieldMatchers {

    private static final String[] DASHES = {"-", "/", "\u2013", "\u2014", "\u2015"};
    private static final Pattern WINDASH = Pattern.compile("\\B[-/]\\b");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\\\)%([^%\\s]+)%");
    private static final Set<String> TIME_PARTS = Set.of("minute", "hour", "day", "week", "month", "year");
    private static final Clock UTC = Clock.system(ZoneOffset.UTC);
    /** Beyond this many variants (windash's five dashes at each place, placeholders' values) a value is refused. */
    private static final int MAX_VARIANTS = 4096;

    private enum Type { STRING, RE, CIDR, COMPARE, FIELDREF }

    private FieldMatchers() {
    }

    /**
     * @param field the Sigma field, or {@code null} for keywords (any value of the event)
     */
    static io.vigil.sigma.Matcher compile(String field, List<String> modifiers, List<Value> values, Placeholders placeholders) throws Feature {
        if (values.isEmpty()) {
            throw new Feature("value", "no value");
        }
        if (values.size() > 1 && values.stream().anyMatch(Value.Null.class::isInstance)) {
            throw new Feature("value", "null cannot be one of a list of values: make it a selection of its own");
        }
        boolean all = false;
        boolean cased = false;
        boolean neq = false;
        boolean exists = false;
        boolean before = false;
        boolean after = false;
        String compare = null;
        String timePart = null;
        int regexFlags = 0;
        Type type = Type.STRING;
        for (String modifier : modifiers) {
            switch (modifier) {
                case "contains" -> {
                    values = wrap(values, true, true);
                    before = after = true;
                }
                case "startswith" -> {
                    values = wrap(values, false, true);
                    after = true;
                }
                case "endswith" -> {
                    values = wrap(values, true, false);
                    before = true;
                }
                case "all" -> all = true;
                case "cased" -> cased = true;
                case "neq" -> neq = true;
                case "exists" -> exists = true;
                case "base64" -> values = base64(values);
                case "base64offset" -> values = base64offset(values);
                case "utf16le", "wide" -> values = encode(values, new byte[0], StandardCharsets.UTF_16LE);
                case "utf16be" -> values = encode(values, new byte[0], StandardCharsets.UTF_16BE);
                case "utf16" -> values = encode(values, new byte[] {(byte) 0xff, (byte) 0xfe}, StandardCharsets.UTF_16LE);
                case "windash" -> values = windash(values);
                case "expand" -> values = expand(values, placeholders);
                case "re" -> type = Type.RE;
                case "i", "m", "s" -> {
                    if (type != Type.RE) {
                        throw new Feature("modifier", "'" + modifier + "' is a sub-modifier of re and must follow it");
                    }
                    regexFlags |= modifier.equals("i") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE
                            : modifier.equals("m") ? Pattern.MULTILINE : Pattern.DOTALL;
                }
                case "cidr" -> type = Type.CIDR;
                case "lt", "lte", "gt", "gte" -> {
                    type = Type.COMPARE;
                    compare = modifier;
                }
                case "fieldref" -> type = Type.FIELDREF;
                default -> {
                    if (!TIME_PARTS.contains(modifier)) {
                        throw new Feature("modifier", "unknown modifier '" + modifier + "'");
                    }
                    timePart = modifier;
                }
            }
        }
        if (exists) {
            if (values.size() != 1 || !(values.get(0) instanceof Value.Bool wanted) || field == null) {
                throw new Feature("modifier", "exists takes a field and true or false");
            }
            boolean present = wanted.value();
            return new io.vigil.sigma.Matcher.Compiled(List.of(), paths -> {
                Search there = Search.onPaths(paths.apply(field), Search::exists, true);
                return present ? there : Search.not(there);
            }) {
                @Override
                public boolean matches(EventFields event) {
                    return event.values(field).isEmpty() != present;
                }
            };
        }
        if (type == Type.FIELDREF) {
            return fieldref(field, values, before, after, cased, neq, all);
        }
        ValueTest[] tests = new ValueTest[values.size()];
        for (int i = 0; i < tests.length; i++) {
            tests[i] = test(values.get(i), type, cased, regexFlags, compare, timePart);
        }
        boolean nulls = values.get(0) instanceof Value.Null;
        boolean negated = neq;
        List<Value> compared = values;
        Type kind = type;
        boolean caseSensitive = cased;
        boolean every = all;
        Function<Search.Paths, Search> search = timePart != null || field == null ? paths -> Search.ANY
                : paths -> search(paths.apply(field), kind, compared, caseSensitive, every);
        Requirement requirement = timePart == null && !neq ? requirement(field, type, regexFlags, values) : null;
        // One class for every field test, its cases told apart by a branch: fewer classes at the call sites of the
        // conditions than a lambda per case, so they stay inlined.
        return new io.vigil.sigma.Matcher.Compiled(requirement == null ? List.of() : List.of(requirement),
                neq ? paths -> Search.not(search.apply(paths)) : search) {
            @Override
            public boolean matches(EventFields event) {
                boolean found;
                if (nulls) {
                    found = true;
                    for (JsonNode value : event.values(field)) {
                        found &= value.isNull();
                    }
                } else {
                    List<JsonNode> candidates = field == null ? event.scalars() : event.values(field);
                    found = every ? allFound(tests, candidates, event) : anyFound(tests, candidates, event);
                }
                return found != negated;
            }
        };
    }

    /**
     * A field's values as a query: strings as case-insensitive wildcard queries (exact where the mapping has one path);
     * numbers and booleans as their text, null as no value, both wider (a number may be written another way); the
     * types a keyword field cannot be asked about (re, cidr, lt/gt) as the field being there.
     */
    private static Search search(List<String> paths, Type type, List<Value> values, boolean cased, boolean all) {
        List<Search> each = new ArrayList<>();
        for (Value value : values) {
            if (value instanceof Value.Null) {
                each.add(Search.not(Search.onPaths(paths, Search::exists, true)));
            } else if (type != Type.STRING) {
                each.add(Search.onPaths(paths, Search::exists, false));
            } else if (value instanceof Value.Text text) {
                each.add(Search.onPaths(paths, path -> Search.wildcard(path, text.pattern(), cased), true));
            } else if (value instanceof Value.Number number) {
                String plain = number.number().toPlainString();
                each.add(Search.anyOf(List.of(Search.onPaths(paths, path -> Search.term(path, plain), false),
                        Search.onPaths(paths, path -> Search.term(path, plain + ".0"), false))));
            } else if (value instanceof Value.Bool bool) {
                each.add(Search.onPaths(paths, path -> Search.term(path, String.valueOf(bool.value())), false));
            } else {
                each.add(Search.ANY);
            }
        }
        return all ? Search.allOf(each) : Search.anyOf(each);
    }

    /**
     * The text each value needs inside the field's value (the longest run of a string between wildcards, the longest
     * literal of a regular expression, a small whole number's digits), lower-cased, if every value has one: then one
     * of them must be there for any value to match. Keywords need it in any value of the event.
     */
    private static Requirement requirement(String field, Type type, int regexFlags, List<Value> values) throws Feature {
        java.util.Set<String> texts = new java.util.HashSet<>();
        boolean numbers = false;
        for (Value value : values) {
            String needed = null;
            if (type == Type.STRING && value instanceof Value.Text text) {
                needed = "";
                for (Object part : text.pattern().parts()) {
                    if (part instanceof String literal && literal.length() > needed.length()) {
                        needed = literal;
                    }
                }
            } else if (type == Type.STRING && value instanceof Value.Number number && plainDigits(number.number())) {
                // Equal as a number: a JSON integer or double writes these digits (below 10^7 a double is not
                // written with an exponent), and a text equal to it is them.
                needed = number.number().toBigInteger().toString();
                numbers = true;
            } else if (type == Type.RE) {
                needed = RegexLiterals.required(raw(value, "re"), regexFlags);
            }
            if (needed == null || needed.isEmpty()) {
                return null;
            }
            texts.add(SigmaString.fold(needed));
        }
        return Requirement.of(field == null ? Requirement.ANYWHERE : field, texts, numbers);
    }

    private static boolean plainDigits(BigDecimal number) {
        return number.signum() >= 0 && number.stripTrailingZeros().scale() <= 0 && number.compareTo(BigDecimal.valueOf(1_000_000)) < 0;
    }

    /** Whether any test passes for any of the values (loops: this runs for every rule on every event). */
    private static boolean anyFound(ValueTest[] tests, List<JsonNode> values, EventFields event) {
        for (int v = 0; v < values.size(); v++) {
            JsonNode value = values.get(v);
            for (ValueTest test : tests) {
                if (test.test(value, event)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether every test passes for one of the values at least ({@code all}). */
    private static boolean allFound(ValueTest[] tests, List<JsonNode> values, EventFields event) {
        for (ValueTest test : tests) {
            boolean found = false;
            for (int v = 0; v < values.size(); v++) {
                if (test.test(values.get(v), event)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** How one value of the rule tests one value of the event. */
    private static ValueTest test(Value value, Type type, boolean cased, int regexFlags, String compare, String timePart) throws Feature {
        if (timePart != null) {
            return timeTest(value, timePart, compare);
        }
        return switch (type) {
            case STRING -> stringTest(value, cased);
            case RE -> {
                try {
                    Pattern pattern = Pattern.compile(raw(value, "re"), regexFlags);
                    yield (node, event) -> ValueTest.isScalar(node) && pattern.matcher(node.asText()).find();
                } catch (PatternSyntaxException e) {
                    throw new Feature("re", "not a regular expression: " + e.getDescription());
                }
            }
            case CIDR -> {
                try {
                    IpNetwork network = IpNetwork.parse(raw(value, "cidr"));
                    yield (node, event) -> node.isTextual() && network.contains(node.textValue());
                } catch (IllegalArgumentException e) {
                    throw new Feature("cidr", e.getMessage());
                }
            }
            case COMPARE -> {
                if (!(value instanceof Value.Number number)) {
                    throw new Feature("modifier", compare + " takes a number");
                }
                BigDecimal bound = number.number();
                yield (node, event) -> {
                    BigDecimal found = decimal(node);
                    return found != null && compare(found.compareTo(bound), compare);
                };
            }
            case FIELDREF -> throw new IllegalStateException("fieldref is compiled apart");
        };
    }

    private static ValueTest stringTest(Value value, boolean cased) throws Feature {
        if (value instanceof Value.Text text) {
            return text.pattern().matcher(cased);
        }
        if (value instanceof Value.Number number) {
            String plain = number.number().toPlainString();
            BigDecimal wanted = number.number();
            if (wanted.stripTrailingZeros().scale() <= 0 && wanted.toBigInteger().bitLength() < 63) {
                // An event id: compared as a long when the event's is one, without making a BigDecimal per test.
                long whole = wanted.longValueExact();
                return (node, event) -> node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() == whole
                        : node.isNumber() ? node.decimalValue().compareTo(wanted) == 0 : node.isTextual() && node.textValue().equals(plain);
            }
            return (node, event) -> node.isNumber() ? node.decimalValue().compareTo(wanted) == 0 : node.isTextual() && node.textValue().equals(plain);
        }
        if (value instanceof Value.Bool bool) {
            String plain = String.valueOf(bool.value());
            return (node, event) -> ValueTest.isScalar(node) && node.asText().equalsIgnoreCase(plain);
        }
        if (value instanceof Value.Null) {
            return (node, event) -> node.isNull();
        }
        throw new Feature("modifier", "a UTF-16 value needs base64 or base64offset after it");
    }

    /** The time modifiers: a number taken from the field's date, equal to the value or compared with it. */
    private static ValueTest timeTest(Value value, String part, String compare) throws Feature {
        if (!(value instanceof Value.Number number)) {
            throw new Feature("modifier", part + " takes a number");
        }
        int wanted = number.number().intValue();
        return (node, event) -> {
            if (!node.isTextual()) {
                return false;
            }
            try {
                OffsetDateTime time = ToUtc.parse(node.textValue(), UTC);
                int found = switch (part) {
                    case "minute" -> time.getMinute();
                    case "hour" -> time.getHour();
                    case "day" -> time.getDayOfMonth();
                    case "week" -> time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                    case "month" -> time.getMonthValue();
                    default -> time.get(ChronoField.YEAR);
                };
                return compare == null ? found == wanted : compare(Integer.compare(found, wanted), compare);
            } catch (RejectedEventException e) {
                return false;
            }
        };
    }

    private static boolean compare(int order, String operator) {
        return switch (operator) {
            case "lt" -> order < 0;
            case "lte" -> order <= 0;
            case "gt" -> order > 0;
            default -> order >= 0;
        };
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** {@code fieldref}: the field's value against another field's, equal (or starting, ending, containing it). */
    private static io.vigil.sigma.Matcher fieldref(String field, List<Value> values, boolean before, boolean after, boolean cased, boolean neq, boolean all)
            throws Feature {
        if (field == null) {
            throw new Feature("modifier", "fieldref needs a field");
        }
        List<String> others = new ArrayList<>();
        for (Value value : values) {
            others.add(raw(value, "fieldref"));
        }
        io.vigil.sigma.Matcher matcher = event -> { // as a query: every event (the default), the engine decides
            Predicate<String> refers = other -> {
                for (JsonNode mine : event.values(field)) {
                    for (JsonNode theirs : event.values(other)) {
                        if (ValueTest.isScalar(mine) && ValueTest.isScalar(theirs) && related(mine.asText(), theirs.asText(), before, after, cased)) {
                            return true;
                        }
                    }
                }
                return false;
            };
            return all ? others.stream().allMatch(refers) : others.stream().anyMatch(refers);
        };
        return neq ? event -> !matcher.matches(event) : matcher;
    }

    private static boolean related(String mine, String theirs, boolean before, boolean after, boolean cased) {
        String a = cased ? mine : SigmaString.fold(mine);
        String b = cased ? theirs : SigmaString.fold(theirs);
        return before && after ? a.contains(b) : before ? a.endsWith(b) : after ? a.startsWith(b) : a.equals(b);
    }

    private static String raw(Value value, String modifier) throws Feature {
        if (value instanceof Value.Text text) {
            return text.raw();
        }
        if (value instanceof Value.Number number) {
            return number.number().toPlainString();
        }
        throw new Feature("modifier", modifier + " takes a string");
    }

    private static List<Value> wrap(List<Value> values, boolean before, boolean after) throws Feature {
        List<Value> wrapped = new ArrayList<>();
        for (Value value : values) {
            Value.Text text = value instanceof Value.Number number ? Value.Text.literal(number.number().toPlainString())
                    : value instanceof Value.Text given ? given : null;
            if (text == null) {
                throw new Feature("modifier", "contains, startswith and endswith take strings");
            }
            wrapped.add(new Value.Text(text.raw(), text.pattern().wrap(before, after)));
        }
        return wrapped;
    }

    private static byte[] bytes(Value value, String modifier) throws Feature {
        if (value instanceof Value.Text text) {
            return text.pattern().plain().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Value.Bytes bytes) {
            return bytes.bytes();
        }
        throw new Feature("modifier", modifier + " takes a string");
    }

    private static List<Value> base64(List<Value> values) throws Feature {
        List<Value> encoded = new ArrayList<>();
        for (Value value : values) {
            encoded.add(Value.Text.literal(Base64.getEncoder().encodeToString(bytes(value, "base64"))));
        }
        return encoded;
    }

    /**
     * The three forms a value takes inside a longer base64 text, by its offset modulo three: the characters that do not
     * depend on its neighbours (pySigma's offsets, so that rules match what they match there).
     */
    private static List<Value> base64offset(List<Value> values) throws Feature {
        int[] starts = {0, 2, 3};
        int[] ends = {0, 3, 2};
        List<Value> encoded = new ArrayList<>();
        for (Value value : values) {
            byte[] plain = bytes(value, "base64offset");
            for (int shift = 0; shift < 3; shift++) {
                byte[] shifted = new byte[shift + plain.length];
                java.util.Arrays.fill(shifted, 0, shift, (byte) ' ');
                System.arraycopy(plain, 0, shifted, shift, plain.length);
                String text = Base64.getEncoder().encodeToString(shifted);
                int end = text.length() - ends[(plain.length + shift) % 3];
                encoded.add(Value.Text.literal(text.substring(starts[shift], Math.max(starts[shift], end))));
            }
        }
        return encoded;
    }

    private static List<Value> encode(List<Value> values, byte[] mark, java.nio.charset.Charset charset) throws Feature {
        List<Value> encoded = new ArrayList<>();
        for (Value value : values) {
            if (!(value instanceof Value.Text text)) {
                throw new Feature("modifier", "UTF-16 modifiers take strings");
            }
            byte[] body = text.pattern().plain().getBytes(charset);
            byte[] all = new byte[mark.length + body.length];
            System.arraycopy(mark, 0, all, 0, mark.length);
            System.arraycopy(body, 0, all, mark.length, body.length);
            encoded.add(new Value.Bytes(all));
        }
        return encoded;
    }

    /** Each dash or slash that starts a command-line flag, in each of its five forms. */
    private static List<Value> windash(List<Value> values) throws Feature {
        List<Value> variants = new ArrayList<>();
        for (Value value : values) {
            if (!(value instanceof Value.Text text)) {
                throw new Feature("modifier", "windash takes strings");
            }
            List<List<Object>> forms = List.of(new ArrayList<>());
            for (Object part : text.pattern().parts()) {
                List<String> partForms = part instanceof String literal ? dashForms(literal) : null;
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> form : forms) {
                    for (Object variant : partForms == null ? List.of(part) : partForms) {
                        List<Object> longer = new ArrayList<>(form);
                        longer.add(variant);
                        next.add(longer);
                    }
                }
                forms = next;
                if (forms.size() > MAX_VARIANTS) {
                    throw new Feature("modifier", "windash makes more than " + MAX_VARIANTS + " variants of one value");
                }
            }
            for (List<Object> form : forms) {
                variants.add(new Value.Text(text.raw(), SigmaString.of(form)));
            }
        }
        return variants;
    }

    private static List<String> dashForms(String literal) throws Feature {
        return variants(literal, WINDASH, dash -> List.of(DASHES), UnaryOperator.identity());
    }

    /** What replaces one match of a pattern: each of a list of texts. */
    @FunctionalInterface
    private interface Replacements {
        List<String> of(MatchResult match) throws Feature;
    }

    /**
     * Every text made by replacing each match of {@code pattern} in {@code text} by each of its replacements (their
     * product), the text between matches passed through {@code between}; refused beyond {@value #MAX_VARIANTS}.
     */
    private static List<String> variants(String text, Pattern pattern, Replacements replacements, UnaryOperator<String> between) throws Feature {
        List<String> forms = List.of("");
        Matcher match = pattern.matcher(text);
        int from = 0;
        while (match.find()) {
            String before = between.apply(text.substring(from, match.start()));
            List<String> next = new ArrayList<>();
            for (String form : forms) {
                for (String replacement : replacements.of(match)) {
                    next.add(form + before + replacement);
                }
            }
            forms = next;
            from = match.end();
            if (forms.size() > MAX_VARIANTS) {
                throw new Feature("modifier", "more than " + MAX_VARIANTS + " variants of one value");
            }
        }
        String rest = between.apply(text.substring(from));
        return forms.stream().map(form -> form + rest).toList();
    }

    /** {@code %name%} replaced by each of the placeholder's values; an undefined one refuses the rule, as the spec asks. */
    private static List<Value> expand(List<Value> values, Placeholders placeholders) throws Feature {
        List<Value> expanded = new ArrayList<>();
        for (Value value : values) {
            if (!(value instanceof Value.Text text)) {
                throw new Feature("modifier", "expand takes strings");
            }
            List<String> forms = variants(text.raw(), PLACEHOLDER, placeholder -> placeholders.values(placeholder.group(1))
                    .orElseThrow(() -> new Feature("placeholder", "no values for the placeholder %" + placeholder.group(1) + "% (define it in the placeholders file)")),
                    part -> part.replace("\\%", "%"));
            for (String form : forms) {
                expanded.add(Value.Text.of(form));
            }
        }
        return expanded;
    }
}
