package io.vigil.sigma;

/** A compiled piece of detection: a search identifier, a condition, a rule's logsource. */
@FunctionalInterface
interface Matcher {

    boolean matches(EventFields event);

    Matcher ALWAYS = event -> true;
}
