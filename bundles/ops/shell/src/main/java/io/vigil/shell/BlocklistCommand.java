package io.vigil.shell;

import io.vigil.blocklist.Blocklist;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:blocklist [-t fqdn]}: what is blocked now, until when, by whom and why. */
@Service
@Command(scope = "vigil", name = "blocklist", description = "Lists the unexpired entries of the IP (or, with -t fqdn, the domain name) block list")
public class BlocklistCommand extends BlocklistSupport {

    private static final String ROW = "%-40s %-32s %-20s %-24s %s%n";

    @Override
    String run(Blocklist blocklist, Blocklist.Kind kind) throws Exception {
        List<Blocklist.Entry> entries = blocklist.active(kind);
        StringBuilder table = new StringBuilder(String.format(ROW, "Value", "Expires", "Creator", "Reference", "Comment"));
        for (Blocklist.Entry entry : entries) {
            table.append(String.format(ROW, entry.value(), entry.expires(), entry.creator(), entry.reference(), entry.comment()));
        }
        return table.append(entries.size()).append(" entries").toString();
    }
}
