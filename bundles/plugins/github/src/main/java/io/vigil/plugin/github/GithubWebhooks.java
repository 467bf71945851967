package io.vigil.plugin.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import io.vigil.support.Fields;
import io.vigil.support.MappingTables;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's {@code github_webhooks}: a GitHub webhook delivery (tagged {@code githubeventsqs}) becomes a github
 * event: the fields of its event type's mapping table, a summary ("github: push: ... triggered by user: x"), the
 * head commit's time as timestamp. Deliveries of a type the table does not know are dropped (and counted).
 * MozDef compared the event type with {@code is}, so its "github app:" and "change from private to" summaries never
 * applied; here they do, as meant.
 */
@Component(configurationPid = "io.vigil.plugin.github", property = {
    EventPlugin.NAME + "=github_webhooks",
    EventPlugin.REGISTRATION + "=githubeventsqs",
    EventPlugin.PRIORITY + ":Integer=10",
    EventPlugin.DESCRIPTION + "=GitHub webhooks: fields by event type (github_mapping.yml), summary, commit time; unknown types dropped"
})
@Designate(ocd = GithubWebhooks.Config.class)
public class GithubWebhooks implements EventPlugin {

    @ObjectClassDefinition(name = "Vigil GitHub webhooks", description = "Where the GitHub event mapping table comes from")
    public @interface Config {
        @AttributeDefinition(description = "A github_mapping.yml replacing the one in the bundle (MozDef's format); empty = the bundled table")
        String mapping_file() default "";
    }

    private static final String UNKNOWN = "UNKNOWN";

    /** Summary parts in order: details field and the text it adds. */
    private static final String[][] SUMMARY = {
        {"status", "%s "}, {"action", "%s "}, {"ref_type", "%s "}, {"repo_name", "on repo: %s "}, {"alert_note", "for: %s"},
        {"alert_package", "package: %s "}, {"team_name", "team: %s "}, {"blocked_user_login", "user: %s "}, {"org_login", "in org: %s "},
        {"username", "triggered by user: %s"}};

    private final JsonNode mapping;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public GithubWebhooks(Config config) {
        this.mapping = MappingTables.load(GithubWebhooks.class, "github_mapping.yml", config.mapping_file());
    }

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        JsonNode tags = document.get("tags");
        if (!Fields.hasTag(tags, "githubeventsqs")) {
            return true;
        }
        // The event is rebuilt in place; what was received stays readable through a shallow copy (no per-event deep copy).
        JsonNode received = document.objectNode().setAll(document);
        String source = text(Fields.at(received, "details.event"));
        JsonNode fields = mapping.get(source == null ? UNKNOWN : source);
        if (source == null || fields == null || !fields.isObject()) {
            return false;
        }
        document.removeAll();
        ObjectNode details = document.putObject("details");
        String requestId = text(Fields.at(received, "details.request_id"));
        details.put("request_id", requestId == null ? UNKNOWN : requestId);
        document.put("category", "github");
        document.putArray("tags").add("github").add("webhook");
        document.put("eventsource", "githubeventsqs");
        document.put("source", source);
        MappingTables.apply(fields, received, details);
        if (details.has("commit_ts")) {
            document.set("timestamp", details.get("commit_ts"));
            try {
                document.put("utctimestamp", ToUtc.isoformat(ToUtc.parse(details.get("commit_ts"), clock)));
            } catch (RejectedEventException e) {
                document.put("utctimestamp", ToUtc.now(clock));
            }
        }
        document.put("summary", summary(source, details));
        return true;
    }

    private static String summary(String source, ObjectNode details) {
        StringBuilder summary = new StringBuilder(switch (source) {
            case "installation" -> "github app: installation ";
            case "public" -> "github : change from private to public ";
            default -> "github: " + source + ": ";
        });
        for (String[] part : SUMMARY) {
            if (details.has(part[0])) {
                summary.append(String.format(part[1], Fields.pythonStr(details.get(part[0]))));
            }
        }
        return summary.toString();
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
