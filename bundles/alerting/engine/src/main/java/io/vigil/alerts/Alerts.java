package io.vigil.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Raises alerts found outside the engine's schedule, such as the Sigma engine's streaming matches: each goes the way a
 * rule's alert goes (the alert plugins, {@code alerts-YYYYMM}, published to the actions) under an id its finder makes
 * deterministic, created only once, so a finder that looks at an event again raises nothing twice.
 */
@ProviderType
public interface Alerts {

    /**
     * @param id    the alert's document id, the same whenever the same finding is made again
     * @param alert MozDef's alert document ({@code utctimestamp}, {@code severity}, {@code summary}, {@code category},
     *              {@code tags}, {@code events}…)
     * @return whether it was raised now (false: an alert of that id was raised before)
     */
    boolean raise(String id, ObjectNode alert) throws IOException;
}
