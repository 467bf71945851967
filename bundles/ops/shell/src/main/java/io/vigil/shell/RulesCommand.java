package io.vigil.shell;

import io.vigil.alerts.Rules;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code vigil:rules}: the alert rules, where they come from, and how their runs went; then the rule files refused. */
@Service
@Command(scope = "vigil", name = "rules", description = "Lists the alert rules: origin, schedule, window, last covered time, runs, alerts, failures")
public class RulesCommand implements Action {

    @Reference(optional = true)
    private Rules rules;

    @Override
    public Object execute() {
        if (rules == null) {
            System.out.println("The alert engine is not running (feature vigil-alerts)");
            return null;
        }
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Name", "Classname", "Origin", "State", "Schedule", "Window", "Last covered", "Runs", "Alerts",
            "Failures", "Last run ms", "Last error"}) {
            table.column(column);
        }
        for (Rules.Status rule : rules.list()) {
            table.addRow().addContent(rule.name(), rule.classname(), rule.origin(), rule.enabled() ? "scheduled" : "disabled", rule.schedule(),
                    rule.window(), rule.lastCovered() == null ? "" : rule.lastCovered().toString(), rule.runs(), rule.alerts(), rule.failures(),
                    rule.lastRunMillis(), rule.lastError() == null ? "" : rule.lastError());
        }
        table.print(System.out);
        for (Rules.Refused refused : rules.refused()) {
            System.out.println("refused: " + refused.reason());
        }
        return null;
    }
}
