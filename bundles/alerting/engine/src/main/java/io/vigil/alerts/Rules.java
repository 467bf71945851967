package io.vigil.alerts;

import java.time.Instant;
import java.util.List;

/** The rules the alert engine knows, for the shell and other observers, and rule testing. */
public interface Rules {

    /** What a rule is and how its runs went. */
    record Status(String name, String classname, String origin, boolean enabled, String schedule, String window, Instant lastCovered,
            Instant lastRun, long runs, long alerts, long failures, String lastError, long lastRunMillis) {
    }

    /** A rule file that could not be read, with where and why. */
    record Refused(String origin, String reason) {
    }

    List<Status> list();

    List<Refused> refused();

    /**
     * Runs a rule over [{@code from}, {@code to}] without storing, tagging or publishing anything.
     *
     * @throws IllegalArgumentException when no rule has that name
     */
    RuleRunner.Result test(String name, Instant from, Instant to) throws Exception;
}
