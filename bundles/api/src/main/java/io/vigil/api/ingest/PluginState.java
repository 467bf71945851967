package io.vigil.api.ingest;

import java.util.Set;

/**
 * One event plugin as the pipeline runs it: its name, description and bundle, when it runs (registration terms and
 * priority), whether it is active (else why not), and the events it saw, changed, dropped and failed on.
 *
 * @param inactiveReason {@code null} when the plugin is active
 */
public record PluginState(String name, String description, String origin, Set<String> terms, int priority, String inactiveReason,
        long seen, long changed, long dropped, long errors) {
}
