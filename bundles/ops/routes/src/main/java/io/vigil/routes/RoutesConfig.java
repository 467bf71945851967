package io.vigil.routes;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil routes", description = "The Camel context that runs the route files of Vigil")
public @interface RoutesConfig {

    @AttributeDefinition(description = "Folder of Camel XML route files (*.xml); relative paths are resolved against karaf.base")
    String directory() default "routes";

    @AttributeDefinition(description = "Reload a route file when it changes, without restarting the others")
    boolean reload() default true;

    @AttributeDefinition(description = "Seconds a stopping route may take to finish its in-flight exchanges")
    int shutdownTimeoutSeconds() default 10;
}
