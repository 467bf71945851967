package io.vigil.shell;

import io.vigil.api.ingest.Pipeline;
import io.vigil.api.ingest.PluginState;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code vigil:plugins}: the event plugins in the order they run, with where they come from, when they run, and
 * what they have done since they were deployed.
 */
@Service
@Command(scope = "vigil", name = "plugins", description = "Lists the event plugins: name, bundle, priority, registration, events seen, changed, dropped, errors")
public class PluginsCommand implements Action {

    @Reference
    private Pipeline pipeline;

    @Option(name = "-d", aliases = "--description", description = "Shows each plugin's description instead of its bundle")
    private boolean descriptions;

    @Override
    public Object execute() {
        List<PluginState> entries = pipeline.plugins();
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column(descriptions ? "Description" : "Bundle");
        table.column("Priority").alignRight();
        table.column("Registration");
        table.column("Seen").alignRight();
        table.column("Changed").alignRight();
        table.column("Dropped").alignRight();
        table.column("Errors").alignRight();
        table.column("State");
        for (PluginState entry : entries) {
            String inactive = entry.inactiveReason();
            table.addRow().addContent(entry.name(), descriptions ? entry.description() : entry.origin(), entry.priority(),
                    String.join(",", entry.terms().stream().sorted().toList()), entry.seen(), entry.changed(), entry.dropped(), entry.errors(),
                    inactive == null ? "active" : "inactive: " + inactive);
        }
        table.print(System.out);
        return null;
    }
}
