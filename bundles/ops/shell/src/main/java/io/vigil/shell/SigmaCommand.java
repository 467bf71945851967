package io.vigil.shell;

import io.vigil.sigma.rules.SigmaRules;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code vigil:sigma}: the Sigma rules streaming detection runs, their matches and alerts; then the switches set and the rule files refused. */
@Service
@Command(scope = "vigil", name = "sigma", description = "Lists the Sigma rules: logsource, field mapping (or why they cannot run), matches, alerts; the switches administrators set; and the rule files refused")
public class SigmaCommand implements Action {

    @Reference(optional = true)
    private SigmaRules rules;

    @Option(name = "-r", aliases = "--refused", description = "Only the rule files refused, with file, line and reason")
    private boolean refusedOnly;

    @Override
    public Object execute() {
        if (rules == null) {
            System.out.println("Sigma detection is not running (feature vigil-sigma, etc/io.vigil.sigma.cfg)");
            return null;
        }
        if (!refusedOnly) {
            ShellTable table = new ShellTable();
            for (String column : new String[] {"Id", "Title", "Level", "Logsource", "State", "Matches", "Alerts", "Throttled", "File"}) {
                table.column(column);
            }
            for (SigmaRules.Status rule : rules.list()) {
                table.addRow().addContent(rule.id() == null ? "" : rule.id(), rule.title(), rule.level() == null ? "" : rule.level(), rule.logsource(),
                        rule.state().equals("unmapped") ? "no field mapping for its product" : rule.state(), rule.matches(), rule.alerts(), rule.throttled(), rule.file());
            }
            table.print(System.out);
        }
        System.out.println(rules.list().stream().filter(rule -> rule.state().equals("runs")).count() + " rules run from " + rules.folder() + "; "
                + rules.refused().size() + " files refused");
        for (SigmaRules.Switch set : rules.switches()) {
            System.out.println("switch: " + set.target() + (set.enabled() ? " on" : " off") + " by " + set.by() + " at " + set.at() + ": " + set.reason());
        }
        for (SigmaRules.Refused refused : rules.refused()) {
            System.out.println("refused: " + refused.file() + ":" + refused.line() + ": " + refused.feature() + ": " + refused.reason());
        }
        return null;
    }
}
