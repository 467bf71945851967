package io.vigil.api.alert;

import org.osgi.annotation.versioning.ConsumerType;

/** Enriches an alert before it is stored and published. */
@ConsumerType
public interface AlertPlugin {

    void enrich(Alert alert);
}
