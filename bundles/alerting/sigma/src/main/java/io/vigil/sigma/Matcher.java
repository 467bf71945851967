package io.vigil.sigma;

import java.util.List;

/** A compiled piece of detection: a search identifier, a condition, a rule's logsource. */
@FunctionalInterface
interface Matcher {

    boolean matches(EventFields event);

    /**
     * What must hold of an event for this to match, for the prefilter: each of these must (a conjunction's parts each
     * say theirs), so the rule set may index whichever lets fewest events through; none: nothing that can be indexed.
     */
    default List<Requirement> requirements() {
        return List.of();
    }

    /** This matcher, saying what it requires. */
    static Matcher requiring(Matcher matcher, List<Requirement> requirements) {
        if (requirements.isEmpty()) {
            return matcher;
        }
        return new Matcher() {
            @Override
            public boolean matches(EventFields event) {
                return matcher.matches(event);
            }

            @Override
            public List<Requirement> requirements() {
                return requirements;
            }
        };
    }

    Matcher ALWAYS = event -> true;
}
