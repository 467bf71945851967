package io.vigil.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The container's alert actions, for the shell (listing, replaying an alert through them). */
public interface Actions {

    /** One execution of one action on one alert. */
    record Outcome(String action, String alertId, String outcome, int attempts, long latencyMillis, String error) {
    }

    /** Runs the alert through every action that selects it, as when it was raised. */
    List<Outcome> dispatch(String id, String index, ObjectNode source) throws InterruptedException;

    /** Runs a stored alert (by its {@code _id}, searched in the alias {@code alerts}) through its actions again. */
    List<Outcome> replay(String alertId) throws Exception;

    List<String> names();
}
