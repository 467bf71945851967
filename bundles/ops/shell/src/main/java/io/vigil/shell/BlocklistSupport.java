package io.vigil.shell;

import io.vigil.blocklist.Blocklist;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** What the block list commands share: the service, {@code -t ip|fqdn}, and saying why when they cannot act. */
abstract class BlocklistSupport implements Action {

    @Reference(optional = true)
    private Blocklist blocklist;

    @Option(name = "-t", aliases = "--type", description = "ip or fqdn")
    private String type = "ip";

    @Override
    public final Object execute() throws Exception {
        if (blocklist == null) {
            System.out.println("The block list is not running (feature vigil-blocklist, etc/io.vigil.blocklist.cfg)");
            return null;
        }
        try {
            // Karaf's shell prints what a command writes to System.out on the session's terminal.
            System.out.println(run(blocklist, kind()));
        } catch (IllegalArgumentException e) {
            System.out.println(refused(e.getMessage()));
        }
        return null;
    }

    /** @return what to print; an IllegalArgumentException says what was wrong with the request */
    abstract String run(Blocklist blocklist, Blocklist.Kind kind) throws Exception;

    /** How a refusal reads. */
    String refused(String reason) {
        return reason;
    }

    private Blocklist.Kind kind() {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "ip" -> Blocklist.Kind.IP;
            case "fqdn" -> Blocklist.Kind.FQDN;
            default -> throw new IllegalArgumentException("type is ip or fqdn, not " + type);
        };
    }
}
