package io.vigil.shell;

import io.vigil.blocklist.Blocklist;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:unblock [-t fqdn] VALUE}: takes an entry off the block list before it expires. */
@Service
@Command(scope = "vigil", name = "unblock", description = "Takes an IP address or network (or, with -t fqdn, a domain name) off the block list")
public class UnblockCommand extends BlocklistSupport {

    @Argument(index = 0, name = "value", required = true, description = "As it was blocked")
    private String value;

    @Override
    String run(Blocklist blocklist, Blocklist.Kind kind) throws Exception {
        return blocklist.unblock(kind, value) ? "Unblocked " + value : value + " was not blocked";
    }
}
