package io.vigil.shell;

import io.vigil.indices.IndexMaintenance;
import io.vigil.indices.Indices;
import java.time.LocalDate;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:snapshot}: archives a day's indices now, as the daily archive does. */
@Service
@Command(scope = "vigil", name = "snapshot", description = "Archives a day's indices in the snapshot repository and verifies the archive")
public class SnapshotCommand implements Action {

    @Reference(optional = true)
    private Indices indices;

    @Argument(index = 0, name = "day", description = "The UTC day (2026-11-30); default: yesterday")
    private String day;

    @Override
    public Object execute() throws Exception {
        IndexMaintenance maintenance = Maintenance.of(indices);
        if (maintenance == null) {
            return null;
        }
        LocalDate archived = day == null ? maintenance.today().minusDays(1) : LocalDate.parse(day);
        IndexMaintenance.Archive archive = maintenance.archive(archived);
        System.out.println(archive == null ? "no open index of " + archived + " to archive" : archive);
        return null;
    }
}
