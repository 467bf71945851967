package io.vigil.sigma;

import io.vigil.sigma.RuleException.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A detection's condition, parsed by the specification's grammar into one matcher over the search identifiers:
 * {@code or} binds least, then {@code and}, {@code not}, {@code 1 of}/{@code all of} (a pattern with {@code *} or
 * {@code them}, which leaves out identifiers starting with an underscore), and parentheses. Sigma 1's aggregations
 * ({@code | count() > 5}) and {@code near} are refused: correlation rules say that now.
 */
final class Condition {

    private final List<String> tokens;
    private final Map<String, Matcher> identifiers;
    private int next;

    private Condition(List<String> tokens, Map<String, Matcher> identifiers) {
        this.tokens = tokens;
        this.identifiers = identifiers;
    }

    static Matcher parse(String condition, Map<String, Matcher> identifiers) throws Feature {
        if (condition.contains("|")) {
            throw new Feature("condition", "aggregations in the condition (Sigma 1: '" + condition.substring(condition.indexOf('|')).trim()
                    + "') are not run: write a correlation rule");
        }
        Condition parser = new Condition(tokens(condition), identifiers);
        if (parser.tokens.isEmpty()) {
            throw new Feature("condition", "empty condition");
        }
        Matcher matcher = parser.or();
        if (parser.next < parser.tokens.size()) {
            throw new Feature("condition", "unexpected '" + parser.tokens.get(parser.next) + "' in '" + condition + "'");
        }
        return matcher;
    }

    private static List<String> tokens(String condition) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (char c : condition.toCharArray()) {
            if (Character.isWhitespace(c) || c == '(' || c == ')') {
                if (!word.isEmpty()) {
                    tokens.add(word.toString());
                    word.setLength(0);
                }
                if (c != ' ' && !Character.isWhitespace(c)) {
                    tokens.add(String.valueOf(c));
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    private String peek() {
        return next < tokens.size() ? tokens.get(next) : null;
    }

    private String take() throws Feature {
        if (next >= tokens.size()) {
            throw new Feature("condition", "the condition ends too early");
        }
        return tokens.get(next++);
    }

    private boolean takeIf(String keyword) {
        if (keyword.equalsIgnoreCase(peek())) {
            next++;
            return true;
        }
        return false;
    }

    private Matcher or() throws Feature {
        List<Matcher> any = new ArrayList<>(List.of(and()));
        while (takeIf("or")) {
            any.add(and());
        }
        return any.size() == 1 ? any.get(0) : anyOf(any);
    }

    private Matcher and() throws Feature {
        List<Matcher> all = new ArrayList<>(List.of(not()));
        while (takeIf("and")) {
            all.add(not());
        }
        return all.size() == 1 ? all.get(0) : allOf(all);
    }

    private Matcher not() throws Feature {
        if (takeIf("not")) {
            Matcher negated = not();
            return new Matcher.Compiled(List.of(), paths -> Search.not(negated.search(paths))) {
                @Override
                public boolean matches(EventFields event) {
                    return !negated.matches(event);
                }
            };
        }
        return atom();
    }

    private Matcher atom() throws Feature {
        String token = take();
        if (token.equals("(")) {
            Matcher inside = or();
            if (!")".equals(take())) {
                throw new Feature("condition", "a parenthesis is not closed");
            }
            return inside;
        }
        if ((token.equals("1") || token.equalsIgnoreCase("any") || token.equalsIgnoreCase("all")) && "of".equalsIgnoreCase(peek())) {
            next++;
            List<Matcher> chosen = chosen(take());
            return token.equalsIgnoreCase("all") ? allOf(chosen) : anyOf(chosen);
        }
        if (token.equals(")") || List.of("and", "or", "of").contains(token.toLowerCase(java.util.Locale.ROOT))) {
            throw new Feature("condition", "unexpected '" + token + "'");
        }
        if (token.toLowerCase(java.util.Locale.ROOT).equals("near")) {
            throw new Feature("condition", "'near' (Sigma 1) is not run: write a temporal correlation rule");
        }
        Matcher identifier = identifiers.get(token);
        if (identifier == null) {
            throw new Feature("condition", "the condition names '" + token + "', which the detection does not define");
        }
        return identifier;
    }

    /** The identifiers a {@code 1 of}/{@code all of} names: a pattern with {@code *}, or {@code them}. */
    private List<Matcher> chosen(String pattern) throws Feature {
        boolean them = pattern.equals("them");
        Pattern names = Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
        List<Matcher> chosen = new ArrayList<>();
        identifiers.forEach((name, matcher) -> {
            if (them ? !name.startsWith("_") : names.matcher(name).matches()) {
                chosen.add(matcher);
            }
        });
        if (chosen.isEmpty()) {
            throw new Feature("condition", "'of " + pattern + "' names no search identifier of the detection");
        }
        return chosen;
    }

    static Matcher anyOf(List<Matcher> matchers) {
        Matcher[] array = matchers.toArray(Matcher[]::new);
        return new Matcher.Compiled(Requirement.union(matchers.stream().map(Matcher::requirements).toList()),
                paths -> Search.anyOf(matchers.stream().map(matcher -> matcher.search(paths)).toList())) {
            @Override
            public boolean matches(EventFields event) {
                for (Matcher matcher : array) {
                    if (matcher.matches(event)) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    static Matcher allOf(List<Matcher> matchers) {
        Matcher[] array = matchers.toArray(Matcher[]::new);
        return new Matcher.Compiled(matchers.stream().flatMap(matcher -> matcher.requirements().stream()).toList(),
                paths -> Search.allOf(matchers.stream().map(matcher -> matcher.search(paths)).toList())) {
            @Override
            public boolean matches(EventFields event) {
                for (Matcher matcher : array) {
                    if (!matcher.matches(event)) {
                        return false;
                    }
                }
                return true;
            }
        };
    }
}
