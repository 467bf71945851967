package io.vigil.plugin.ldap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code ldap_fixup}: LDAP-Humanizer events get {@code source: ldap}, {@code details.tls} renamed to
 * {@code tls_encrypted} (a boolean elsewhere in the index), and the actor's {@code mail=} as {@code details.email}
 * with its local part as {@code details.username} (both {@code null} when the actor names no mail).
 */
@Component(property = {
    EventPlugin.NAME + "=ldap_fixup",
    EventPlugin.REGISTRATION + "=LDAP-Humanizer",
    EventPlugin.REGISTRATION + "=ldap",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=LDAP: tls to tls_encrypted, source ldap, email and username from the actor's mail="
})
public class LdapFixup implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.detailsOrCreate(document);
        if (Fields.is(document, "category", "ldap") && details.has("tls")) {
            details.set("tls_encrypted", details.remove("tls"));
        }
        if (!document.has("source")) {
            document.put("source", "ldap");
        }
        String actor = Fields.text(details, "actor");
        String email = actor == null ? null : mail(actor);
        details.put("email", email);
        details.put("username", email == null ? null : email.split("@", -1)[0]);
        return true;
    }

    /** The value of the last {@code mail=} pair of an actor such as {@code dc=mozilla mail=a@b.com,o=com IP=1.2.3.4:5}. */
    private static String mail(String actor) {
        String mail = null;
        for (String section : actor.split(" ", -1)) {
            for (String pair : section.split(",", -1)) {
                String[] parts = pair.split("=", -1);
                if (parts.length == 2 && parts[0].equals("mail")) {
                    mail = parts[1];
                }
            }
        }
        return mail;
    }
}
