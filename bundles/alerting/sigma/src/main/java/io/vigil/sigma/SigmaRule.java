package io.vigil.sigma;

import java.util.List;

/**
 * A Sigma rule, loaded whole: what it says of itself (its id, author and references go into every alert it raises, as
 * the Detection Rule License asks) and its detection, compiled.
 */
public record SigmaRule(String file, String id, String name, String title, String status, String level, String description, String author,
        List<String> references, List<String> tags, Logsource logsource, Matcher detection) {

    /** The key correlations and counts use: its id, else its name, else its file and title. */
    String key() {
        return id != null ? id : name != null ? name : file + "#" + title;
    }

    /** Whether the event, as a field mapping shows it, meets the rule's condition (the logsource is the caller's). */
    public boolean matches(EventFields event) {
        return detection.matches(event);
    }
}
