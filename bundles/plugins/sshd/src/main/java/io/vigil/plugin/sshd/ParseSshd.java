package io.vigil.plugin.sshd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.LinePattern;
import java.util.List;
import java.util.regex.Matcher;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code parse_sshd}: user, authentication method, source address and port out of sshd's log lines. */
@Component(property = {
    EventPlugin.NAME + "=parse_sshd",
    EventPlugin.REGISTRATION + "=sshd",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=sshd log lines (accepted, session, postponed, invalid user, disconnect) to username, authmethod, sourceipaddress, sourceport"
})
public class ParseSshd implements EventPlugin {

    private static final String USER = "(?<username>[a-zA-Z0-9@._-]+)";
    private static final String IP = "(?<sourceipaddress>\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})";
    private static final String PORT = "(?<sourceport>\\d{1,5})";

    /** A line prefix, and the format of lines that start with it. */
    private record Form(String prefix, LinePattern pattern) {
        Form(String prefix, String regex, String... fields) {
            this(prefix, new LinePattern(regex, fields));
        }
    }

    private static final List<Form> FORMS = List.of(
            new Form("Accepted", "^(?<authstatus>\\w+) (?<authmethod>\\w+) for " + USER + " from " + IP + " port " + PORT
                    + " ssh2(:\\sRSA\\s)?(?:(?<rsakeyfingerprint>(\\S+)))?$",
                    "authstatus", "authmethod", "username", "sourceipaddress", "sourceport", "rsakeyfingerprint"),
            new Form("pam_unix", "^pam_unix\\(sshd:session\\): session (opened|closed) for user " + USER + "(?: by \\(uid=\\d*\\))?$",
                    "username"),
            new Form("Postponed", "^Postponed (?<authmethod>\\w+) for " + USER + " from " + IP + " port " + PORT + " ssh2(?: \\[preauth\\])?$",
                    "username", "authmethod"),
            new Form("Starting session", "^Starting session: (?<sessiontype>\\w+)(?: on )?(?<device>pts/0)? for " + USER + " from " + IP
                    + " port " + PORT + "$",
                    "sessiontype", "username", "sourceipaddress", "sourceport", "device"),
            new Form("Invalid user", "^Invalid user " + USER + " from " + IP + "?$", "username", "sourceipaddress"),
            new Form("input_userauth_request", "^input_userauth_request: invalid user " + USER + " \\[preauth\\]", "username"),
            new Form("Received disconnect from", "^Received disconnect from " + IP + ": " + PORT
                    + ": (|Bye Bye|Normal Shutdown, Thank you for playing) \\[preauth\\]", "sourceipaddress", "sourceport"));

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        String summary = Fields.text(document, "summary");
        if (!Fields.is(document, "processname", "sshd") || summary == null) {
            return true;
        }
        for (Form form : FORMS) {
            Matcher matcher = summary.startsWith(form.prefix()) ? form.pattern().match(summary) : null;
            if (matcher != null) {
                form.pattern().copy(matcher, Fields.detailsOrCreate(document));
            }
        }
        return true;
    }
}
