package io.vigil.sigma;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a matcher needs of an event to match: for one of the fields, one of its texts (lower-cased) inside one of that
 * field's values ({@link #ANYWHERE}: inside any value of the event, for keywords). The prefilter finds the rules whose
 * requirement an event meets with one pass over each indexed field's values, and tries only those (and the rules that
 * require nothing it can index).
 *
 * @param strength how few events meet it, as far as can be told: the length of its shortest text, 0 for numbers
 *                 (event ids and codes, which the logsource's own selection mostly implies)
 */
record Requirement(Map<String, Set<String>> textsByField, int strength) {

    /** The field of a requirement on the event's values wherever they are (keywords). */
    static final String ANYWHERE = "";

    static Requirement of(String field, Set<String> texts, boolean numbers) {
        return new Requirement(Map.of(field, texts), numbers ? 0 : texts.stream().mapToInt(String::length).min().orElse(0));
    }

    /**
     * Of a disjunction, given each part's alternatives: every part must require something, and then one of all their
     * texts (of each part's strongest alternative) must be there.
     */
    static List<Requirement> union(List<List<Requirement>> parts) {
        if (parts.isEmpty() || parts.stream().anyMatch(List::isEmpty)) {
            return List.of();
        }
        Map<String, Set<String>> union = new HashMap<>();
        int strength = Integer.MAX_VALUE;
        for (List<Requirement> alternatives : parts) {
            Requirement part = alternatives.stream().max(Comparator.comparingInt(Requirement::strength)).orElseThrow();
            part.textsByField().forEach((field, texts) -> union.computeIfAbsent(field, key -> new HashSet<>()).addAll(texts));
            strength = Math.min(strength, part.strength());
        }
        return List.of(new Requirement(union, strength));
    }
}
