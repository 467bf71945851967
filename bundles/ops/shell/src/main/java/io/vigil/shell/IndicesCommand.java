package io.vigil.shell;

import io.vigil.indices.IndexMaintenance;
import io.vigil.indices.Indices;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:indices}: the event and alert indices, and rotation and retention on demand. */
@Service
@Command(scope = "vigil", name = "indices", description = "Lists Vigil's indices; --rotate and --retention run those steps now")
public class IndicesCommand implements Action {

    @Reference(optional = true)
    private Indices indices;

    @Option(name = "--rotate", description = "Creates today's and tomorrow's indices and moves the aliases")
    private boolean rotate;

    @Option(name = "--retention", description = "Closes and deletes what the retention settings say")
    private boolean retention;

    @Option(name = "-n", aliases = "--dry-run", description = "With --retention: prints what it would do, changes nothing")
    private boolean dryRun;

    @Override
    public Object execute() throws Exception {
        IndexMaintenance maintenance = Maintenance.of(indices);
        if (maintenance == null) {
            return null;
        }
        if (rotate) {
            System.out.println("today: " + maintenance.rotate());
        }
        if (retention) {
            IndexMaintenance.report(maintenance.applyRetention(dryRun), dryRun).forEach(System.out::println);
        }
        if (!rotate && !retention) {
            IndexMaintenance.table(maintenance.list()).forEach(System.out::println);
        }
        return null;
    }
}
