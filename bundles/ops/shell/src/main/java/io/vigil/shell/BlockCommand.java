package io.vigil.shell;

import io.vigil.blocklist.Blocklist;
import io.vigil.blocklist.Durations;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:block [-t fqdn] [-d 1d] VALUE}: puts an address, network or domain name on the block list. */
@Service
@Command(scope = "vigil", name = "block", description = "Blocks an IP address or network (or, with -t fqdn, a domain name) for a while")
public class BlockCommand extends BlocklistSupport {

    @Argument(index = 0, name = "value", required = true, description = "203.0.113.7, 198.51.100.0/24 or evil.example.com")
    private String value;

    @Option(name = "-d", aliases = "--duration", description = "12hr, 1d, 2d, 3d, 1w, 30d or <count><s|m|h|d|w>")
    private String duration = "1d";

    @Option(name = "-c", aliases = "--comment", description = "Why")
    private String comment = "";

    @Option(name = "-r", aliases = "--reference", description = "A ticket or alert id")
    private String reference = "";

    @Override
    String run(Blocklist blocklist, Blocklist.Kind kind) throws Exception {
        Blocklist.Entry entry = blocklist.block(kind, value, Durations.parse(duration), "shell:" + System.getProperty("user.name"), reference, comment);
        return "Blocked " + entry.value() + " until " + entry.expires();
    }

    @Override
    String refused(String reason) {
        return "Not blocked: " + reason;
    }
}
