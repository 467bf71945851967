package io.vigil.plugin.misc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.Hashes;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code nagioshostname}: each nagios host's status goes to a fixed document id, so the index holds its
 * current status. MozDef hashed a Python 3 str, which raises; the id is the MD5 of the UTF-8 bytes, as meant. */
@Component(property = {
    EventPlugin.NAME + "=nagioshostname",
    EventPlugin.REGISTRATION + "=nagios_hostname",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=nagios status: one document per host (fixed id)"
})
public class NagiosHostname implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        String host = Fields.text(Fields.details(event.document()), "nagios_hostname");
        if (host != null) {
            metadata.id(Hashes.md5Hex("nagiosstatus" + host));
        }
        return true;
    }
}
