package io.vigil.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Sigma string value: literal text and the wildcards {@code *} and {@code ?}, with the specification's escapes
 * resolved ({@code \*}, {@code \?} and {@code \\} stand for the character after the backslash; a backslash before
 * anything else is itself). Compiled into the cheapest test that decides it: equality, prefix, suffix, substring or,
 * with inner wildcards, a regular expression.
 */
final class SigmaString {

    /** The wildcards, kept apart from literal text so that an escaped {@code *} stays text. */
    enum Wildcard { ANY, ONE }

    private final List<Object> parts;

    private SigmaString(List<Object> parts) {
        this.parts = parts;
    }

    static SigmaString parse(String raw) {
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && "*?\\".indexOf(raw.charAt(i + 1)) >= 0) {
                text.append(raw.charAt(++i));
            } else if (c == '*' || c == '?') {
                flush(text, parts);
                parts.add(c == '*' ? Wildcard.ANY : Wildcard.ONE);
            } else {
                text.append(c);
            }
        }
        flush(text, parts);
        return new SigmaString(parts);
    }

    static SigmaString literal(String text) {
        return new SigmaString(text.isEmpty() ? List.of() : List.of(text));
    }

    private static void flush(StringBuilder text, List<Object> parts) {
        if (!text.isEmpty()) {
            parts.add(text.toString());
            text.setLength(0);
        }
    }

    boolean hasWildcards() {
        return parts.stream().anyMatch(Wildcard.class::isInstance);
    }

    /** The text of a value without wildcards, for the modifiers that encode it. */
    String plain() throws RuleException.Feature {
        if (hasWildcards()) {
            throw new RuleException.Feature("modifier", "a wildcard cannot be encoded (escape it as \\* or \\?)");
        }
        return String.join("", parts.stream().map(String.class::cast).toList());
    }

    /** The texts between wildcards, in order: what placeholders and windash look into. */
    List<Object> parts() {
        return parts;
    }

    static SigmaString of(List<Object> parts) {
        List<Object> merged = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof String text && !merged.isEmpty() && merged.get(merged.size() - 1) instanceof String before) {
                merged.set(merged.size() - 1, before + text);
            } else if (!(part instanceof String text && text.isEmpty())) {
                merged.add(part);
            }
        }
        return new SigmaString(merged);
    }

    /** This value with {@code *} before it, after it, or both (contains, endswith, startswith). */
    SigmaString wrap(boolean before, boolean after) {
        List<Object> wrapped = new ArrayList<>();
        if (before && (parts.isEmpty() || parts.get(0) != Wildcard.ANY)) {
            wrapped.add(Wildcard.ANY);
        }
        wrapped.addAll(parts);
        if (after && (wrapped.isEmpty() || wrapped.get(wrapped.size() - 1) != Wildcard.ANY)) {
            wrapped.add(Wildcard.ANY);
        }
        return new SigmaString(wrapped);
    }

    /**
     * A test of a field's value as text; case-insensitive unless {@code cased}, as Sigma matches by default. A
     * case-insensitive substring is looked for in the text the event folded once, not folded again per rule.
     */
    ValueTest matcher(boolean cased) {
        int n = parts.size();
        boolean anyFirst = n > 0 && parts.get(0) == Wildcard.ANY;
        boolean anyLast = n > 1 && parts.get(n - 1) == Wildcard.ANY;
        List<Object> inner = parts.subList(anyFirst ? 1 : 0, anyLast ? n - 1 : n);
        if (n == 0) {
            return (value, event) -> ValueTest.isScalar(value) && value.asText().isEmpty();
        }
        if (inner.isEmpty()) {
            return (value, event) -> ValueTest.isScalar(value); // '*' alone
        }
        if (inner.size() == 1 && inner.get(0) instanceof String text) {
            String needle = cased ? text : fold(text);
            int length = needle.length();
            if (anyFirst && anyLast) {
                return cased ? (value, event) -> ValueTest.isScalar(value) && value.asText().contains(needle)
                        : (value, event) -> ValueTest.isScalar(value) && event.folded(value).contains(needle);
            }
            if (anyFirst) {
                return (value, event) -> {
                    if (!ValueTest.isScalar(value)) {
                        return false;
                    }
                    String found = value.asText();
                    return found.regionMatches(!cased, found.length() - length, needle, 0, length);
                };
            }
            if (anyLast) {
                return (value, event) -> ValueTest.isScalar(value) && value.asText().regionMatches(!cased, 0, needle, 0, length);
            }
            return cased ? (value, event) -> ValueTest.isScalar(value) && needle.equals(value.asText())
                    : (value, event) -> ValueTest.isScalar(value) && needle.equalsIgnoreCase(value.asText());
        }
        Pattern pattern = Pattern.compile(regex(), Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        return (value, event) -> ValueTest.isScalar(value) && pattern.matcher(value.asText()).matches();
    }

    /** As a Java regular expression matching the whole text. */
    String regex() {
        StringBuilder regex = new StringBuilder();
        for (Object part : parts) {
            regex.append(part == Wildcard.ANY ? ".*" : part == Wildcard.ONE ? "." : Pattern.quote((String) part));
        }
        return regex.toString();
    }

    /**
     * Lower-cased, for case-insensitive tests. The long s and the dotless i are lower case already, yet equal to s and
     * i ignoring case (as {@code equalsIgnoreCase} and Unicode-case regular expressions say): folded to them, so that
     * {@code contains} agrees with {@code startswith} and an attacker's {@code powerſhell} is still powershell.
     */
    static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.indexOf('\u017f') < 0 && lower.indexOf('\u0131') < 0 ? lower : lower.replace('\u017f', 's').replace('\u0131', 'i');
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            out.append(part == Wildcard.ANY ? "*" : part == Wildcard.ONE ? "?" : ((String) part).replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?"));
        }
        return out.toString();
    }
}
