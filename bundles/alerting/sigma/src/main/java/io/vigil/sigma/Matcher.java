package io.vigil.sigma;

import java.util.List;
import java.util.function.Function;

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

    /** As an Elasticsearch query over the paths a mapping gives each field ({@link Search}); every event where not said. */
    default Search search(Search.Paths paths) {
        return Search.ANY;
    }

    /**
     * A matcher that says what it requires and what query finds it, extended by each kind of matcher with its own
     * {@link #matches}: a wrapper delegating to a lambda would add a call per node of every rule, and the benchmark
     * showed the deeper trees no longer inlined (regression events at half the rate).
     */
    abstract class Compiled implements Matcher {
        private final List<Requirement> requirements;
        private final Function<Search.Paths, Search> search;

        Compiled(List<Requirement> requirements, Function<Search.Paths, Search> search) {
            this.requirements = requirements;
            this.search = search;
        }

        @Override
        public List<Requirement> requirements() {
            return requirements;
        }

        @Override
        public Search search(Search.Paths paths) {
            return search.apply(paths);
        }
    }

    Matcher ALWAYS = new Compiled(List.of(), paths -> Search.ALL) {
        @Override
        public boolean matches(EventFields event) {
            return true;
        }
    };
}
