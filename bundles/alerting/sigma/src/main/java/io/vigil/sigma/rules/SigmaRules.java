package io.vigil.sigma.rules;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The Sigma rules streaming detection runs, what each did, and the rule files refused: for the shell, the REST API and the console. */
@ProviderType
public interface SigmaRules {

    /**
     * A rule as loaded: {@code state} is {@code runs}, {@code disabled} (by a {@link Switch}, or named in the configuration's {@code disabled})
     * or {@code unmapped} (no field mapping is for its product, so it cannot run); {@code mapping} the field mapping it
     * runs with; counts since the container started: matches, the alerts they raised, and the matches not raised
     * because the rule had raised its most for their group in the period ({@code throttled}).
     */
    record Status(String id, String title, String level, String logsource, String file, String state, String mapping, long matches, long alerts,
            long throttled) {
    }

    /** A rule file refused, with where and why ({@code line} 0: the file as a whole). */
    record Refused(String file, int line, String feature, String reason) {
    }

    /**
     * An administrator's switch: the rules {@code target} names (a rule's id, or a glob of rule files' paths as
     * {@link Status#file()} gives them: {@code windows/builtin/**}) run or not, whatever the configuration's
     * {@code disabled} says; who set it, when and why. Of the switches naming a rule, one by its id decides, else the
     * longest glob.
     */
    record Switch(String target, boolean enabled, String by, Instant at, String reason) {
    }

    /** The folder the rules come from. */
    String folder();

    List<Status> list();

    List<Refused> refused();

    List<Switch> switches();

    /**
     * Sets the switch of {@code target} ({@code enabled} true or false) or removes it ({@code null}). It is kept in
     * Elasticsearch, in effect here when this returns and on the other containers of the cluster within their scan
     * period.
     *
     * @return the rules the target names, in their new state
     * @throws IllegalArgumentException when the target names no rule (a switch to set) or is not a glob
     */
    List<Status> turn(String target, Boolean enabled, String by, String reason) throws IOException;
}
