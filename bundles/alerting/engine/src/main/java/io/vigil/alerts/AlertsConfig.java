package io.vigil.alerts;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil alerts", description = "The alert engine: rule files and rule bundles, run on their schedules over the events")
public @interface AlertsConfig {

    @AttributeDefinition(description = "Runs the rules; false keeps the engine idle (rules still load and can be tested)")
    boolean enabled() default true;

    @AttributeDefinition(description = "Folder of rule files (*.yml), relative to the container's home; added, changed and deleted files take effect by themselves")
    String rulesDirectory() default "etc/vigil/rules";

    @AttributeDefinition(description = "Seconds between two looks at the rules folder")
    int scanSeconds() default 2;

    @AttributeDefinition(description = "Rules that run at the same time at most")
    int threads() default 2;

    @AttributeDefinition(description = "Hours back a rule catches up after a stop or an Elasticsearch outage (windows missed longer ago are not searched)")
    int catchUpHours() default 24;

    @AttributeDefinition(description = "Index where each rule's last covered time is kept")
    String stateIndex() default "vigil-alert-state";

    @AttributeDefinition(description = "Index of the leases that let one container of several run each rule")
    String leaseIndex() default "vigil-alert-leases";

    @AttributeDefinition(description = "Seconds after which an alert the alert actions have not dealt with (its container was killed, say) is handed"
            + " to them again; at most 3 times")
    int actionsResendSeconds() default 300;
}
