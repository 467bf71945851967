package io.vigil.sigma;

import java.util.regex.Pattern;

/**
 * The literal text every match of a regular expression contains, for the prefilter: a rule whose {@code re} value
 * needs {@code "set"} and {@code "&&"} need not be tried on a command line without them. Read conservatively — only
 * ASCII characters outside groups, classes and quantifiers count, and anything not understood gives nothing, so what
 * this finds is always necessary; an expression with an alternation at its top gives nothing either.
 */
final class RegexLiterals {

    /** The class escapes ({@code \d}) and anchors ({@code \b}) and control characters ({@code \t}) that end a run. */
    private static final String ESCAPES = "dDsSwWbBAzZGhHvVRXntrfae";
    private static final String QUANTIFIERS = "*?+{";

    private RegexLiterals() {
    }

    /** The longest text any match contains, lower-cased as the prefilter folds; {@code null} when none is known. */
    static String required(String regex, int flags) {
        if ((flags & (Pattern.COMMENTS | Pattern.LITERAL)) != 0) {
            return null;
        }
        String longest = "";
        StringBuilder run = new StringBuilder();
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            int end;
            Character literal = null;
            if (c == '|') {
                return null;
            } else if (c == '(') {
                if (regex.startsWith("(?", i) && flagsOf(regex, i + 2).indexOf('x') >= 0) {
                    return null;
                }
                end = close(regex, i, '(', ')');
            } else if (c == '[') {
                if (regex.startsWith("[]", i) || regex.startsWith("[^]", i)) {
                    return null; // a ']' first in a class: read differently by different engines
                }
                end = close(regex, i, '[', ']');
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    return null;
                }
                char escaped = regex.charAt(i + 1);
                if (Character.isLetterOrDigit(escaped)) {
                    if (ESCAPES.indexOf(escaped) < 0) {
                        return null; // \Q, \p{…}, hex and unicode escapes, back references: not worth reading
                    }
                } else {
                    literal = escaped;
                }
                end = i + 2;
            } else if (QUANTIFIERS.indexOf(c) >= 0) {
                return null; // a quantifier with nothing before it: not an expression this reads
            } else {
                if (c != '.' && c != '^' && c != '$') {
                    literal = c;
                }
                end = i + 1;
            }
            if (end < 0) {
                return null;
            }
            char next = end < n ? regex.charAt(end) : 0;
            boolean optional = next == '*' || next == '?' || next == '{';
            if (literal != null && literal < 128 && !optional) {
                run.append(literal);
            } else {
                longest = longer(longest, run); // not literal, or x* x? x{0,}: x may not be there
            }
            if (QUANTIFIERS.indexOf(next) >= 0) {
                if (next == '+') {
                    longest = longer(longest, run); // x+: x is there, but what follows may come after more x
                }
                end = skipQuantifier(regex, end);
                if (end < 0) {
                    return null;
                }
            }
            i = end;
        }
        longest = longer(longest, run);
        return longest.isEmpty() ? null : SigmaString.fold(longest);
    }

    private static String longer(String longest, StringBuilder run) {
        String found = run.length() > longest.length() ? run.toString() : longest;
        run.setLength(0);
        return found;
    }

    /** The inline flags of {@code (?flags)} or {@code (?flags:…)} starting at {@code at}. */
    private static String flagsOf(String regex, int at) {
        int i = at;
        while (i < regex.length() && (Character.isLetter(regex.charAt(i)) || regex.charAt(i) == '-')) {
            i++;
        }
        return regex.substring(at, i);
    }

    /** Past the group or class opening at {@code at}, its escapes and inner classes skipped; {@code -1} if unclosed. */
    private static int close(String regex, int at, char open, char close) {
        int depth = 0;
        for (int i = at; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[' && open == '(') {
                i = close(regex, i, '[', ']') - 1;
                if (i < 0) {
                    return -1;
                }
            } else if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Past a quantifier ({@code *}, {@code +}, {@code ?}, {@code {n,m}}) and its lazy or possessive mark. */
    private static int skipQuantifier(String regex, int at) {
        int i = at;
        if (regex.charAt(i) == '{') {
            i = regex.indexOf('}', i);
            if (i < 0) {
                return -1;
            }
        }
        i++;
        if (i < regex.length() && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
            i++;
        }
        return i;
    }
}
