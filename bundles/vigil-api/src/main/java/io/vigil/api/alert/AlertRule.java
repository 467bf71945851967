package io.vigil.api.alert;

import org.osgi.annotation.versioning.ConsumerType;

/** A detection rule written in Java, for logic a declarative rule file cannot express. */
@ConsumerType
public interface AlertRule {

    /** The rule's name, unique in the container; it becomes the alert's {@code classname}. */
    String name();
}
