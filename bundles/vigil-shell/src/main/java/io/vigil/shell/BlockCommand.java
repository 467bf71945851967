package io.vigil.shell;

import io.vigil.blocklist.Blocklist;
import io.vigil.blocklist.Durations;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:block [-t fqdn] [-d 1d] VALUE}: puts an address, network or domain name on the block list. */
@Service
@Command(scope = "vigil", name = "block", description = "Blocks an IP address or network (or, with -t fqdn, a domain name) for a while")
public class BlockCommand implements Action {

    @Reference(optional = true)
    private Blocklist blocklist;

    @Argument(index = 0, name = "value", required = true, description = "203.0.113.7, 198.51.100.0/24 or evil.example.com")
    private String value;

    @Option(name = "-t", aliases = "--type", description = "ip or fqdn")
    private String type = "ip";

    @Option(name = "-d", aliases = "--duration", description = "12hr, 1d, 2d, 3d, 1w, 30d or <count><s|m|h|d|w>")
    private String duration = "1d";

    @Option(name = "-c", aliases = "--comment", description = "Why")
    private String comment = "";

    @Option(name = "-r", aliases = "--reference", description = "A ticket or alert id")
    private String reference = "";

    @Override
    public Object execute() throws Exception {
        if (blocklist == null) {
            System.out.println(BlocklistCommand.NOT_RUNNING);
            return null;
        }
        try {
            Blocklist.Entry entry = blocklist.block(BlocklistCommand.kind(type), value, Durations.parse(duration), "shell:" + System.getProperty("user.name"),
                    reference, comment);
            System.out.printf("Blocked %s until %s%n", entry.value(), entry.expires());
        } catch (IllegalArgumentException e) {
            System.out.println("Not blocked: " + e.getMessage());
        }
        return null;
    }
}
