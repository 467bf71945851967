package io.vigil.api.alert;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Acts on a stored alert: notifies someone or changes another system. Registered as a service with
 * {@link #NAME} and {@link #SELECT}; the action dispatcher runs it for the alerts its selection matches, retries it with
 * back-off when it throws, records each execution, and folds repeats beyond {@link #THROTTLE_COUNT} per
 * {@link #THROTTLE_MINUTES} of one rule into the next notification.
 */
@ConsumerType
public interface AlertAction {

    /** Service property: the action's name in records and the shell. */
    String NAME = "vigil.action.name";

    /**
     * Service property: which alerts it acts on, any of {@code *}, {@code rule:<classname or rule name>},
     * {@code tag:<tag>}, {@code severity:<level>} (that level or higher); none selects nothing.
     */
    String SELECT = "vigil.action.select";

    /** Service property: notifications per rule and period at most (0: no limit). */
    String THROTTLE_COUNT = "vigil.action.throttle.count";

    /** Service property: the period of {@link #THROTTLE_COUNT}, in minutes. */
    String THROTTLE_MINUTES = "vigil.action.throttle.minutes";

    /**
     * @throws IllegalArgumentException when this alert cannot be acted on (its message says why): recorded as refused,
     *     not retried
     * @throws Exception when the attempt failed and may succeed later: tried again with back-off
     * @param alert the stored alert, with its id and index; when earlier alerts of its rule were held back by the
     *     throttle, {@code details.folded} of its document says how many
     */
    void execute(Alert alert) throws Exception;
}
