package io.vigil.sigma.rules;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The Sigma rules streaming detection runs, what each did, and the rule files refused: for the shell, the REST API and the console. */
@ProviderType
public interface SigmaRules {

    /**
     * A rule as loaded: {@code state} is {@code runs}, {@code disabled} (named in the configuration's {@code disabled})
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

    /** The folder the rules come from. */
    String folder();

    List<Status> list();

    List<Refused> refused();
}
