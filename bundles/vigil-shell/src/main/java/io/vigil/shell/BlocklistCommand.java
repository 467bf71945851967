package io.vigil.shell;

import io.vigil.blocklist.Blocklist;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:blocklist [-t fqdn]}: what is blocked now, until when, by whom and why. */
@Service
@Command(scope = "vigil", name = "blocklist", description = "Lists the unexpired entries of the IP (or, with -t fqdn, the domain name) block list")
public class BlocklistCommand implements Action {

    static final String NOT_RUNNING = "The block list is not running (feature vigil-blocklist, etc/io.vigil.blocklist.cfg)";

    @Reference(optional = true)
    private Blocklist blocklist;

    @Option(name = "-t", aliases = "--type", description = "ip or fqdn")
    private String type = "ip";

    @Override
    public Object execute() throws Exception {
        if (blocklist == null) {
            System.out.println(NOT_RUNNING);
            return null;
        }
        List<Blocklist.Entry> entries;
        try {
            entries = blocklist.active(kind(type));
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            return null;
        }
        System.out.printf("%-40s %-32s %-20s %-24s %s%n", "Value", "Expires", "Creator", "Reference", "Comment");
        for (Blocklist.Entry entry : entries) {
            System.out.printf("%-40s %-32s %-20s %-24s %s%n", entry.value(), entry.expires(), entry.creator(), entry.reference(), entry.comment());
        }
        System.out.println(entries.size() + " entries");
        return null;
    }

    static Blocklist.Kind kind(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "ip" -> Blocklist.Kind.IP;
            case "fqdn" -> Blocklist.Kind.FQDN;
            default -> throw new IllegalArgumentException("type is ip or fqdn, not " + type);
        };
    }
}
