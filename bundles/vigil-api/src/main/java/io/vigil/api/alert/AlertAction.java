package io.vigil.api.alert;

import org.osgi.annotation.versioning.ConsumerType;

/** Acts on a stored alert: notifies someone or changes another system. */
@ConsumerType
public interface AlertAction {

    void execute(Alert alert) throws Exception;
}
