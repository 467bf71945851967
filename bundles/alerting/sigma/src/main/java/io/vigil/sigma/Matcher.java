package io.vigil.sigma;

/** A compiled piece of detection: a search identifier, a condition, a rule's logsource. */
@FunctionalInterface
interface Matcher {

    boolean matches(EventFields event);

    /** What must hold of an event for this to match, for the prefilter; {@code null}: nothing that can be indexed. */
    default Requirement requirement() {
        return null;
    }

    /** This matcher, saying what it requires. */
    static Matcher requiring(Matcher matcher, Requirement requirement) {
        if (requirement == null) {
            return matcher;
        }
        return new Matcher() {
            @Override
            public boolean matches(EventFields event) {
                return matcher.matches(event);
            }

            @Override
            public Requirement requirement() {
                return requirement;
            }
        };
    }

    Matcher ALWAYS = event -> true;
}
