package io.vigil.plugin.triagebot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's {@code triage_bot}: a user's answer to the Slack triage bot (category triagebot: alert identifier, user,
 * response yes / no / wrongUser) sets the alert's status through the REST API's {@code /alertstatus} (yes:
 * acknowledged, no: escalated, wrongUser: manual), and is stored as a triagebot event ("TriageBot Response: no
 * from: a@b.c"). An answer that names no alert or user, or that the API does not accept, is dropped (and counted).
 * Inactive until {@code rest.url} is set in {@code etc/io.vigil.plugin.triagebot.cfg}.
 */
@Component(configurationPid = "io.vigil.plugin.triagebot", property = {
    EventPlugin.NAME + "=triage_bot",
    EventPlugin.REGISTRATION + "=triagebot",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=Slack triage bot answers: alert status through the REST API's /alertstatus, summary 'TriageBot Response'"
})
@Designate(ocd = TriageBot.Config.class)
public class TriageBot implements EventPlugin {

    @ObjectClassDefinition(name = "Vigil triage bot", description = "The REST API the triage bot's answers update alerts through")
    public @interface Config {
        @AttributeDefinition(description = "Base URL of the REST API (its /alertstatus is called); empty = plugin inactive")
        String rest_url() default "";

        @AttributeDefinition(description = "Bearer token for the REST API; empty = none", type = AttributeType.PASSWORD)
        String rest_token() default "";

        @AttributeDefinition(description = "Seconds to wait for the REST API")
        int rest_timeoutSeconds() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TriageBot.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> STATUS = Map.of("yes", "acknowledged", "no", "escalated", "wrongUser", "manual");
    private static final int ACCEPTED_BELOW = 300;

    private final URI alertStatus;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    @Activate
    public TriageBot(Config config) {
        String url = config.rest_url().trim();
        this.alertStatus = url.isEmpty() ? null : URI.create(url.endsWith("/") ? url + "alertstatus" : url + "/alertstatus");
        this.token = config.rest_token().trim();
        this.timeout = Duration.ofSeconds(config.rest_timeoutSeconds());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String inactiveReason() {
        return alertStatus == null ? "no rest.url in etc/io.vigil.plugin.triagebot.cfg" : null;
    }

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode message = event.document();
        ObjectNode details = Fields.details(message);
        if (!Fields.is(message, "category", "triagebot") || details == null || alertStatus == null) {
            return true;
        }
        String identifier = Fields.text(details, "identifier");
        JsonNode user = details.path("user");
        String email = Fields.text(user, "email");
        String slack = Fields.text(user, "slack");
        String response = details.path("response").asText("wrongUser");
        String confidence = details.path("identityConfidence").asText("lowest");
        if (identifier == null || email == null || slack == null || !STATUS.containsKey(response)) {
            LOG.warn("Triage bot answer dropped: it needs details.identifier, details.user.email and .slack, and a response yes/no/wrongUser");
            return false;
        }
        ObjectNode update = JSON.createObjectNode();
        update.put("alert", identifier).put("status", STATUS.get(response));
        update.putObject("user").put("email", email).put("slack", slack);
        update.put("identityConfidence", confidence).put("response", response);
        if (!post(update)) {
            return false;
        }
        details.remove("user");
        details.remove("response");
        message.put("category", "triagebot");
        details.put("email", email).put("slack", slack).put("userresponse", response);
        message.put("summary", "TriageBot Response: " + response + " from: " + email);
        return true;
    }

    private boolean post(ObjectNode update) {
        HttpRequest.Builder request = HttpRequest.newBuilder(alertStatus).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(update.toString()));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() < ACCEPTED_BELOW) {
                return true;
            }
            LOG.warn("Triage bot answer for alert {} dropped: {} answered {} {}", update.get("alert").asText(), alertStatus, answer.statusCode(), answer.body());
        } catch (IOException e) {
            LOG.warn("Triage bot answer for alert {} dropped: {} unreachable ({})", update.get("alert").asText(), alertStatus, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
