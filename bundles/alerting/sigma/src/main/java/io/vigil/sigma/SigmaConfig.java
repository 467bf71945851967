package io.vigil.sigma;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil Sigma", description = "Sigma rules run on every event as it is stored")
public @interface SigmaConfig {

    @AttributeDefinition(description = "Runs the rules on every stored event; false: none run")
    boolean enabled() default true;

    @AttributeDefinition(description = "Folder of Sigma rules (*.yml, in sub-folders too), field mappings (mappings/*.yml) and placeholder values "
            + "(placeholders.yml), relative to the container's home; changes take effect by themselves")
    String rulesDirectory() default "etc/vigil/sigma";

    @AttributeDefinition(description = "Rules that load but do not run, separated by commas: a rule's id, or a glob of rule files' paths in the folder "
            + "(windows/builtin/**, deprecated/*). Administrators' switches (the console's rules page, POST /api/rules/sigma/switches) override it")
    String disabled() default "";

    @AttributeDefinition(description = "Seconds between two looks at the rules folder")
    int scanSeconds() default 5;

    @AttributeDefinition(description = "Stored events waiting to be checked, at most (each holds ~4 KB of heap); beyond it events are counted "
            + "(vigil_sigma_events_unchecked_total) and read back from Elasticsearch once the queue has room")
    int queueSize() default 5000;

    @AttributeDefinition(description = "Alerts of one rule for one group (throttleBy) per throttlePeriod, at most; the matches beyond are counted "
            + "(vigil_sigma_alerts_throttled_total), not raised. 0: no limit")
    int throttleAlerts() default 10;

    @AttributeDefinition(description = "The period of throttleAlerts, in event time (90s, 10m, 1h, 1d)")
    String throttlePeriod() default "10m";

    @AttributeDefinition(description = "The event's fields that make a group for throttleAlerts, separated by commas, as stored (hostname, "
            + "details.sourceipaddress); none: per rule only")
    String throttleBy() default "hostname";

    @AttributeDefinition(description = "Hours back detection catches up at start, from where it stopped (events received longer ago are not checked)")
    int catchUpHours() default 24;
}
