package io.vigil.sigma;

import java.util.List;

/**
 * A Sigma rule, loaded whole: what it says of itself (its id, author and references go into every alert it raises, as
 * the Detection Rule License asks) and its detection, compiled.
 */
public record SigmaRule(String file, String id, String title, String status, String level, String description, String author,
        List<String> references, List<String> tags, Logsource logsource, Matcher detection) {

    /** Whether the event, as a field mapping shows it, meets the rule's condition (the logsource is the caller's). */
    public boolean matches(EventFields event) {
        return detection.matches(event);
    }
}
