package io.vigil.plugin.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code large_strings}: commit messages, command lines, PR bodies and summaries cut to 3000 characters plus " ...". */
@Component(property = {
    EventPlugin.NAME + "=large_strings",
    EventPlugin.REGISTRATION + "=githubeventsqs",
    EventPlugin.PRIORITY + ":Integer=20",
    EventPlugin.DESCRIPTION + "=details.message/cmdline/pr_body and summary cut to 3000 characters + ' ...'"
})
public class LargeStrings implements EventPlugin {

    static final int MAX_LENGTH = 3000;

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.details(document);
        if (details != null) {
            for (String field : new String[] {"message", "cmdline", "pr_body"}) {
                cut(details, field);
            }
        }
        cut(document, "summary");
        return true;
    }

    private static void cut(ObjectNode object, String field) {
        String value = Fields.text(object, field);
        if (value != null) {
            object.put(field, Fields.truncate(value, MAX_LENGTH, " ..."));
        }
    }
}
