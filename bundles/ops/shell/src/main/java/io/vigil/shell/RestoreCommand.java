package io.vigil.shell;

import io.vigil.indices.IndexMaintenance;
import io.vigil.indices.Indices;
import java.time.LocalDate;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:restore}: archived days back as {@code restored-events-YYYYMMDD}, searchable as {@code events-restored}. */
@Service
@Command(scope = "vigil", name = "restore", description = "Restores archived days as restored-events-YYYYMMDD, in the alias events-restored")
public class RestoreCommand implements Action {

    @Reference(optional = true)
    private Indices indices;

    @Option(name = "-f", aliases = "--from", description = "First UTC day (2026-11-01)", required = true)
    private String from;

    @Option(name = "-t", aliases = "--to", description = "Last UTC day; default: the first")
    private String to;

    @Override
    public Object execute() throws Exception {
        IndexMaintenance maintenance = Maintenance.of(indices);
        if (maintenance == null) {
            return null;
        }
        LocalDate first = LocalDate.parse(from);
        var restored = maintenance.restore(first, to == null ? first : LocalDate.parse(to), System.out::println);
        System.out.println(restored.size() + " indices restored; search them as " + IndexMaintenance.RESTORED_ALIAS);
        return null;
    }
}
