package io.vigil.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An enrichment step of the event pipeline, registered as an OSGi service. It runs for an event when one of
 * the terms of its {@value #REGISTRATION} service property equals, case-insensitively, a key or string value
 * of the event ({@code *} matches every event); plugins run in ascending {@value #PRIORITY} order.
 */
@ConsumerType
public interface EventPlugin {

    String REGISTRATION = "vigil.plugin.registration";

    String PRIORITY = "vigil.plugin.priority";

    /** The name recorded in {@code mozdef.plugins} and shown by {@code vigil:plugins}; defaults to the class name. */
    String NAME = "vigil.plugin.name";

    /** One line saying what the plugin does, shown by {@code vigil:plugins}. */
    String DESCRIPTION = "vigil.plugin.description";

    int DEFAULT_PRIORITY = 100;

    /**
     * @return {@code true} to pass the (possibly changed) event on, {@code false} to drop it on purpose
     */
    boolean process(Event event, Metadata metadata);

    /**
     * Why the plugin does nothing at the moment (a database or mapping file it needs is not configured), or
     * {@code null} when it is active; {@code vigil:plugins} shows it.
     */
    default String inactiveReason() {
        return null;
    }
}
