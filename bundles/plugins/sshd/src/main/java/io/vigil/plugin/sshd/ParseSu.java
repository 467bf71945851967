package io.vigil.plugin.sshd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code parse_su}: who became whom in su's pam session lines. */
@Component(property = {
    EventPlugin.NAME + "=parse_su",
    EventPlugin.REGISTRATION + "=sshd",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=su pam session lines (details.program su) to originuser, status, uid, username"
})
public class ParseSu implements EventPlugin {

    private static final Pattern SESSION = Pattern.compile(
            "^pam_unix\\(su(?:-l)?:session\\): session (?<status>\\w+) for user (?<username>\\w+)"
            + "(?: (?:by (?:(?<originuser>\\w+))?\\(uid=(?<uid>[0-9]+)\\)?)?)?$");

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.details(document);
        String summary = Fields.text(document, "summary");
        if (details == null || !Fields.is(details, "program", "su") || summary == null || !summary.startsWith("pam_unix")) {
            return true;
        }
        Matcher matcher = SESSION.matcher(summary);
        if (matcher.find()) {
            for (String field : new String[] {"originuser", "status", "uid", "username"}) {
                details.put(field, matcher.group(field));
            }
        }
        return true;
    }
}
