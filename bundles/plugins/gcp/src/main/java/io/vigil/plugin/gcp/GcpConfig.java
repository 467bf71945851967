package io.vigil.plugin.gcp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.vigil.plugin.gcp.cfg}: where the Stackdriver mapping tables come from. */
@ObjectClassDefinition(name = "Vigil GCP (Stackdriver) plugins", description = "Mapping tables of the Stackdriver plugins")
public @interface GcpConfig {
    @AttributeDefinition(description = "A stackdriver_audit.yml replacing the bundled one (MozDef's format); empty = the bundled table")
    String audit_mapping_file() default "";

    @AttributeDefinition(description = "A stackdriver_gceactivity.yml replacing the bundled one (MozDef's format); empty = the bundled table")
    String gceactivity_mapping_file() default "";
}
