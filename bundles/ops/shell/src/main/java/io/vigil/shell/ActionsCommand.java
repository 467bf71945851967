package io.vigil.shell;

import io.vigil.actions.Actions;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:actions [ALERT_ID]}: the alert actions; with an alert's id, runs it through its actions again. */
@Service
@Command(scope = "vigil", name = "actions", description = "Lists the alert actions; with an alert id, replays that alert through the actions that select it")
public class ActionsCommand implements Action {

    @Reference(optional = true)
    private Actions actions;

    @Argument(index = 0, name = "alert", description = "The _id of a stored alert to replay (testing an action)")
    private String alert;

    @Override
    public Object execute() throws Exception {
        if (actions == null) {
            System.out.println("Alert actions are not running (feature vigil-actions, etc/io.vigil.actions.cfg)");
            return null;
        }
        if (alert == null) {
            actions.names().forEach(System.out::println);
            return null;
        }
        try {
            for (Actions.Outcome outcome : actions.replay(alert)) {
                System.out.printf("%s: %s after %d attempt(s), %d ms%s%n", outcome.action(), outcome.outcome(), outcome.attempts(), outcome.latencyMillis(),
                        outcome.error() == null ? "" : " (" + outcome.error() + ")");
            }
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
