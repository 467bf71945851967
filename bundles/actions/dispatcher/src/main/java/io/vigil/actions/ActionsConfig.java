package io.vigil.actions;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil alert actions", description = "Runs the AlertAction services on the alerts they select")
public @interface ActionsConfig {

    @AttributeDefinition(description = "Attempts of an action before it is recorded as failed for good")
    int attempts() default 4;

    @AttributeDefinition(description = "Milliseconds before the first retry; each next one waits twice as long")
    long backoffMillis() default 1000;
}
