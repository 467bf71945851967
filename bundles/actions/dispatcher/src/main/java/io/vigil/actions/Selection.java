package io.vigil.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which alerts an action acts on: {@code *}, {@code rule:<classname or rule name>}, {@code tag:<tag>},
 * {@code severity:<level>} (that level or higher, MozDef's order DEBUG … EMERGENCY). Any term matching selects the
 * alert; no term selects nothing, so an action does nothing until it is told what to act on.
 */
public final class Selection {

    private static final List<String> SEVERITIES = List.of("DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY");

    private record Term(String kind, String value) {
    }

    private final List<Term> terms;

    private Selection(List<Term> terms) {
        this.terms = terms;
    }

    /** @throws IllegalArgumentException naming the term it cannot read */
    public static Selection parse(Iterable<String> terms) {
        List<Term> parsed = new ArrayList<>();
        for (String raw : terms) {
            String term = raw.trim();
            if (term.isEmpty()) {
                continue;
            }
            if (term.equals("*")) {
                parsed.add(new Term("*", ""));
                continue;
            }
            int colon = term.indexOf(':');
            String kind = colon < 0 ? "" : term.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : term.substring(colon + 1).trim();
            if (value.isEmpty() || !List.of("rule", "tag", "severity").contains(kind)) {
                throw new IllegalArgumentException("cannot read the selection term '" + term + "' (*, rule:<name>, tag:<tag> or severity:<level>)");
            }
            if (kind.equals("severity") && !SEVERITIES.contains(value.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("unknown severity in '" + term + "' (one of " + SEVERITIES + ")");
            }
            parsed.add(new Term(kind, kind.equals("severity") ? value.toUpperCase(Locale.ROOT) : value));
        }
        return new Selection(List.copyOf(parsed));
    }

    /** @param alert the alert's {@code _source}; a rule file's alert names its rule in {@code classname} */
    public boolean matches(JsonNode alert) {
        for (Term term : terms) {
            boolean match = switch (term.kind()) {
                case "*" -> true;
                case "rule" -> term.value().equals(alert.path("classname").asText()) || term.value().equals(alert.path("rule").asText());
                case "tag" -> contains(alert.path("tags"), term.value());
                default -> SEVERITIES.indexOf(alert.path("severity").asText().toUpperCase(Locale.ROOT)) >= SEVERITIES.indexOf(term.value());
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    private static boolean contains(JsonNode tags, String tag) {
        for (JsonNode each : tags) {
            if (tag.equals(each.asText())) {
                return true;
            }
        }
        return false;
    }
}
