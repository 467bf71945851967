package io.vigil.sigma.rules;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The Sigma rules streaming detection runs, what each did, and the rule files refused: for the shell, the REST API and the console. */
@ProviderType
public interface SigmaRules {

    /**
     * A rule as loaded: {@code mapping} is the field mapping it runs with, {@code null} when none is for its product (it
     * cannot run then); counts since the container started.
     */
    record Status(String id, String title, String level, String logsource, String file, String mapping, long matches, long alerts) {
    }

    /** A rule file refused, with where and why ({@code line} 0: the file as a whole). */
    record Refused(String file, int line, String feature, String reason) {
    }

    /** The folder the rules come from. */
    String folder();

    List<Status> list();

    List<Refused> refused();
}
