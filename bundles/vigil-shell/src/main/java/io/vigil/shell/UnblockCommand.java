package io.vigil.shell;

import io.vigil.blocklist.Blocklist;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:unblock [-t fqdn] VALUE}: takes an entry off the block list before it expires. */
@Service
@Command(scope = "vigil", name = "unblock", description = "Takes an IP address or network (or, with -t fqdn, a domain name) off the block list")
public class UnblockCommand implements Action {

    @Reference(optional = true)
    private Blocklist blocklist;

    @Argument(index = 0, name = "value", required = true, description = "As it was blocked")
    private String value;

    @Option(name = "-t", aliases = "--type", description = "ip or fqdn")
    private String type = "ip";

    @Override
    public Object execute() throws Exception {
        if (blocklist == null) {
            System.out.println(BlocklistCommand.NOT_RUNNING);
            return null;
        }
        try {
            System.out.println(blocklist.unblock(BlocklistCommand.kind(type), value) ? "Unblocked " + value : value + " was not blocked");
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
