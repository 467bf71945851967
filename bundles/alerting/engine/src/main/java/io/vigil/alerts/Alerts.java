package io.vigil.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Raises alerts found outside the engine's schedule, such as the Sigma engine's streaming matches: each goes the way a
 * rule's alert goes (the alert plugins, {@code alerts-YYYYMM}, published to the actions) under an id its finder makes
 * deterministic, created only once, so a finder that looks at an event again raises nothing twice.
 */
@ProviderType
public interface Alerts {

    /**
     * An alert to raise.
     *
     * @param id    the alert's document id, the same whenever the same finding is made again
     * @param alert MozDef's alert document ({@code utctimestamp}, {@code severity}, {@code summary}, {@code category},
     *              {@code tags}, {@code events}…)
     */
    record Raise(String id, ObjectNode alert) {
    }

    /** What became of one alert: raised now, raised before (an alert of its id exists), or refused by Elasticsearch (worth trying again). */
    enum Outcome {
        RAISED, RAISED_BEFORE, FAILED
    }

    /**
     * Raises alerts together, in one request to Elasticsearch: a finder with many matches waits once, not once per alert.
     *
     * @return each alert's outcome, in order
     * @throws IOException when Elasticsearch did not answer: any of them may be stored, and raising them again is safe
     */
    List<Outcome> raiseAll(List<Raise> alerts) throws IOException;
}
